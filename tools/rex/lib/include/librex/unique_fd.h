/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

namespace rex {

/*
 * Owns one file descriptor and closes it when it goes out of scope, so an
 * early return on error cannot leak a program or map fd.  Move-only.
 */
class UniqueFd {
public:
	UniqueFd() = default;
	explicit UniqueFd(int fd) : fd_(fd) {}
	~UniqueFd() { reset(); }

	UniqueFd(UniqueFd &&other) : fd_(other.release()) {}
	UniqueFd &operator=(UniqueFd &&other)
	{
		if (this != &other)
			reset(other.release());
		return *this;
	}
	UniqueFd(const UniqueFd &) = delete;
	UniqueFd &operator=(const UniqueFd &) = delete;

	int get() const { return fd_; }
	bool valid() const { return fd_ >= 0; }

	/* Gives up ownership: the caller now closes the fd. */
	int release()
	{
		int fd = fd_;
		fd_ = -1;
		return fd;
	}

	/* Closes the owned fd (if any) and takes ownership of fd. */
	void reset(int fd = -1);

private:
	int fd_ = -1;
};

} // namespace rex
