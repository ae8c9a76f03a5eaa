// SPDX-License-Identifier: GPL-2.0
#include <librex/unique_fd.h>

#include <unistd.h>

namespace rex {

void UniqueFd::reset(int fd)
{
	/*
	 * close() errors are ignored on purpose: on Linux the fd is released
	 * even when close() fails, so retrying could close someone else's fd.
	 */
	if (fd_ >= 0)
		::close(fd_);
	fd_ = fd;
}

} // namespace rex
