// SPDX-License-Identifier: GPL-2.0
#include "load_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "sign_command.h"

#include <librex/object.h>

#include <cerrno>

namespace rex::cli {

namespace {

std::string_view load_error_hint(int code, bool have_log, bool keep_running)
{
	switch (code) {
	case E2BIG:
		return "this kernel does not know the Rex load attributes: boot a kernel built with CONFIG_REX";
	case EPERM:
	case EACCES:
		/* the loader's refusals (forbidden import, helper not offered) say why in the log */
		if (have_log)
			return "";
		return error_hint(code);
	case EINVAL:
		if (have_log)
			return "";
		if (keep_running)
			return "a kernel without CONFIG_REX rejects BPF_F_REX like this, and a Rex kernel without "
			       "rex_flags rejects --keep-running";
		return "a kernel without CONFIG_REX rejects BPF_F_REX like this";
	default:
		return signature_error_hint(code);
	}
}

} // namespace

std::string format_load_error(const Error &error, std::string_view kernel_log, std::string_view command,
			      bool keep_running)
{
	Error named(error.code(), error.message() + ": " + errno_name(error.code()));
	std::string text =
		format_error(command, named, load_error_hint(error.code(), !kernel_log.empty(), keep_running));
	text += '\n';
	if (!kernel_log.empty()) {
		text += "kernel log:\n";
		std::size_t start = 0;
		while (start < kernel_log.size()) {
			std::size_t end = kernel_log.find('\n', start);
			if (end == std::string_view::npos)
				end = kernel_log.size();
			text += "  ";
			text += kernel_log.substr(start, end - start);
			text += '\n';
			start = end + 1;
		}
	}
	return text;
}

int run_load(const LoadOptions &options, std::FILE *out, std::FILE *err)
{
	Result<Object> opened = Object::open(options.image);
	if (!opened) {
		std::fprintf(err, "%s\n", format_error("load", opened.error(), image_error_hint(opened.error().code())).c_str());
		return exit_failure;
	}
	Object &object = opened.value();
	if (options.keep_running)
		object.set_panic_policy(PanicPolicy::keep_running);

	std::optional<std::string_view> only;
	if (options.prog)
		only = *options.prog;
	Result<void> loaded = object.load(only);
	for (const Program &prog : object.programs())
		if (prog.loaded())
			std::fprintf(out, "loaded %s id %u\n", prog.name().c_str(), prog.id());
	if (!loaded) {
		std::fputs(format_load_error(loaded.error(), object.load_log(), "load", options.keep_running).c_str(),
			   err);
		return exit_failure;
	}

	if (!options.pin_dir) {
		std::fprintf(err, "rex load: note: nothing is pinned, so the programs unload when rex exits "
				  "(use --pin <dir> to keep them)\n");
		return exit_success;
	}

	Result<void> pinned = object.pin(*options.pin_dir);
	if (!pinned) {
		std::fprintf(err, "%s\n",
			     format_error("load", pinned.error(), pin_error_hint(pinned.error().code())).c_str());
		return exit_failure;
	}
	for (const Program &prog : object.programs())
		if (prog.loaded())
			std::fprintf(out, "pinned %s/%s\n", options.pin_dir->c_str(), prog.name().c_str());
	for (const Map &map : object.maps())
		std::fprintf(out, "pinned %s/%s\n", options.pin_dir->c_str(), map.name().c_str());
	return exit_success;
}

} // namespace rex::cli
