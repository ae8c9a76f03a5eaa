// SPDX-License-Identifier: GPL-2.0
#include "error_report.h"

#include <cerrno>
#include <cstring>
#include <string>

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

std::string_view image_error_hint(int code)
{
	switch (code) {
	case ENOEXEC:
		return "not a Rex image: build it with rex build";
	case EBADMSG:
		return "its signature trailer is damaged: rebuild or re-sign the image";
	default:
		return error_hint(code);
	}
}

std::string_view pin_error_hint(int code)
{
	switch (code) {
	case EEXIST:
		return "something is pinned there already: remove it, or pin elsewhere";
	case EPERM:
	case ENOENT:
	case ENOTDIR:
		return "--pin needs a place on a bpffs whose parent directory exists, e.g. under /sys/fs/bpf";
	default:
		return error_hint(code);
	}
}

std::string format_error(std::string_view command, const Error &error)
{
	return format_error(command, error, error_hint(error.code()));
}

std::string format_error(std::string_view command, const Error &error, std::string_view hint)
{
	std::string text = "rex ";
	text += command;
	text += ": ";
	text += error.message();
	text += ": ";
	text += std::strerror(error.code());

	if (!hint.empty()) {
		text += " (";
		text += hint;
		text += ')';
	}
	return text;
}

std::string errno_name(int code)
{
	const char *name = strerrorname_np(code);
	return name ? name : "errno " + std::to_string(code);
}

} // namespace rex::cli
