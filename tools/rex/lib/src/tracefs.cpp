// SPDX-License-Identifier: GPL-2.0
#include <librex/tracefs.h>

#include <cerrno>
#include <unistd.h>

namespace rex {

Result<std::string> tracefs_path(std::string_view entry)
{
	std::string tried;
	for (std::string_view dir : tracefs_dirs) {
		std::string path = std::string(dir) + "/" + std::string(entry);
		if (::access(path.c_str(), F_OK) == 0)
			return path;
		tried += (tried.empty() ? "" : " nor ") + path;
	}
	return Error(ENOENT, "no tracefs: neither " + tried + " exists");
}

} // namespace rex
