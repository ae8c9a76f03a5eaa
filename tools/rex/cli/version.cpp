// SPDX-License-Identifier: GPL-2.0
#include "version.h"

#include "build_info.h"

#include <linux/version.h>

namespace rex::cli {

namespace {

/* The kernel version of the UAPI headers rex was compiled against. */
std::string uapi_version()
{
	unsigned int code = LINUX_VERSION_CODE;
	return std::to_string(code >> 16) + "." + std::to_string((code >> 8) & 0xff) + "." +
	       std::to_string(code & 0xff);
}

} // namespace

std::string version_text()
{
	std::string text = "rex ";
	text += build_info::version;
	text += "\nbuilt with ";
	text += build_info::compiler;
	if (!build_info::build_type.empty()) {
		text += " (";
		text += build_info::build_type;
		text += ')';
	}
	text += " for ";
	text += build_info::target_arch;
	text += "\nUAPI headers: Linux ";
	text += uapi_version();
	text += " (";
	text += build_info::uapi_headers;
	text += ")\n";
	return text;
}

} // namespace rex::cli
