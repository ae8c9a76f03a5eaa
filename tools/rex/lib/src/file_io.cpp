// SPDX-License-Identifier: GPL-2.0
#include <librex/file_io.h>

#include <librex/unique_fd.h>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rex {

Result<std::vector<std::uint8_t>> read_file(const std::string &path)
{
	UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (!fd.valid())
		return Error::from_errno(errno, "opening " + path);

	std::vector<std::uint8_t> bytes;
	std::uint8_t buf[65536];
	for (;;) {
		ssize_t n = ::read(fd.get(), buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return Error::from_errno(errno, "reading " + path);
		}
		if (n == 0)
			break;
		bytes.insert(bytes.end(), buf, buf + n);
	}
	return bytes;
}

namespace {

Result<void> write_all(int fd, std::span<const std::uint8_t> bytes, const std::string &path)
{
	while (!bytes.empty()) {
		ssize_t n = ::write(fd, bytes.data(), bytes.size());
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return Error::from_errno(errno, "writing " + path);
		}
		bytes = bytes.subspan(static_cast<std::size_t>(n));
	}
	return {};
}

} // namespace

Result<void> write_file_atomic(const std::string &path, std::span<const std::uint8_t> bytes)
{
	mode_t mode = 0644;
	struct stat st;
	if (::stat(path.c_str(), &st) == 0)
		mode = st.st_mode & 07777;

	std::string temp = path + ".tmp-XXXXXX";
	UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
	if (!fd.valid())
		return Error::from_errno(errno, "creating a temporary file next to " + path);

	Result<void> written = write_all(fd.get(), bytes, temp);
	if (written && ::fchmod(fd.get(), mode) != 0)
		written = Error::from_errno(errno, "setting the mode of " + temp);
	if (written && ::fsync(fd.get()) != 0)
		written = Error::from_errno(errno, "syncing " + temp);
	if (written && ::close(fd.release()) != 0)
		written = Error::from_errno(errno, "closing " + temp);
	if (written && ::rename(temp.c_str(), path.c_str()) != 0)
		written = Error::from_errno(errno, "renaming " + temp + " to " + path);
	if (!written)
		::unlink(temp.c_str());
	return written;
}

} // namespace rex
