// SPDX-License-Identifier: GPL-2.0
#include "error_report.h"

#include <cerrno>
#include <cstring>

namespace rex::cli {

std::string_view error_hint(int code)
{
	switch (code) {
	case EPERM:
	case EACCES:
		return "run as root or with CAP_SYS_ADMIN/CAP_BPF";
	case ENOSYS:
		return "kernel built without CONFIG_BPF_SYSCALL";
	default:
		return {};
	}
}

std::string format_error(std::string_view command, const Error &error)
{
	std::string text = "rex ";
	text += command;
	text += ": ";
	text += error.message();
	text += ": ";
	text += std::strerror(error.code());

	std::string_view hint = error_hint(error.code());
	if (!hint.empty()) {
		text += " (";
		text += hint;
		text += ')';
	}
	return text;
}

} // namespace rex::cli
