// SPDX-License-Identifier: GPL-2.0
#include "attach_command.h"

#include "error_report.h"
#include "exit_code.h"

#include <librex/bpf_syscall.h>
#include <librex/pinned.h>
#include <librex/programs.h>
#include <librex/tracefs.h>

#include <cerrno>

namespace rex::cli {

namespace {

std::string_view open_error_hint(const ProgramRef &ref, int code)
{
	if (code == ENOENT)
		return ref.id ? "no program has this id: rex list shows them"
			      : "nothing is pinned there: rex load --pin pins programs";
	return error_hint(code);
}

} // namespace

Result<UniqueFd> open_program(const ProgramRef &ref)
{
	if (ref.id)
		return bpf::prog_get_fd_by_id(*ref.id);
	return open_pinned(ref.path, BpfObjectKind::program);
}

std::string attach_error_hint(const AttachTarget &target, int code)
{
	bool kprobe = std::holds_alternative<KprobeTarget>(target);
	bool tracepoint = std::holds_alternative<TracepointTarget>(target);
	switch (code) {
	case ENODEV:
		return "ip link lists the devices";
	case EBUSY:
	case EEXIST:
		return "something is attached there already: detach it first";
	case EOPNOTSUPP:
		return std::holds_alternative<XdpTarget>(target) ? "the device has no native XDP: use --mode generic" : "";
	case ENOENT:
		if (kprobe)
			return "kprobes need CONFIG_KPROBE_EVENTS and a symbol listed in /proc/kallsyms";
		if (tracepoint)
			return "is tracefs mounted (" + std::string(tracefs_mount_hint) +
			       ") and the event listed under its events/?";
		return std::string(error_hint(code));
	case EINVAL:
		if (kprobe)
			return "the symbol cannot be probed (see /sys/kernel/debug/kprobes/blacklist)";
		return "";
	default:
		return std::string(error_hint(code));
	}
}

std::string format_detached(const UnpinnedLink &link)
{
	return "detached link " + std::to_string(link.id) + " (" + link_type_name(link.type) + ") of program " +
	       std::to_string(link.prog_id) + ": unpinned " + link.path;
}

int run_attach(const AttachOptions &options, std::FILE *out, std::FILE *err)
{
	Result<UniqueFd> prog = open_program(options.prog);
	if (!prog) {
		std::fprintf(err, "%s\n",
			     format_error("attach", prog.error(), open_error_hint(options.prog, prog.error().code()))
				     .c_str());
		return exit_failure;
	}
	Result<bpf_prog_info> info = bpf::prog_get_info_by_fd(prog.value().get());
	if (!info) {
		std::fprintf(err, "%s\n", format_error("attach", info.error()).c_str());
		return exit_failure;
	}
	ProgramInfo program = program_info_from_kernel(info.value());
	if (Result<void> fits = check_target_prog_type(options.target, program.type); !fits) {
		std::fprintf(err, "rex attach: program %u: %s\n", program.id, fits.error().message().c_str());
		return exit_failure;
	}

	Result<std::vector<Link>> links = attach(prog.value().get(), program.type, options.target);
	if (!links) {
		std::fprintf(err, "%s\n",
			     format_error("attach", links.error(), attach_error_hint(options.target, links.error().code()))
				     .c_str());
		return exit_failure;
	}

	bool directory = target_has_one_link_per_cpu(options.target);
	Result<std::vector<std::string>> pinned = pin_links(links.value(), options.pin, directory);
	if (!pinned) {
		std::fprintf(err, "%s\n",
			     format_error("attach", pinned.error(), pin_error_hint(pinned.error().code())).c_str());
		std::fprintf(err, "rex attach: nothing is attached: the link%s closed with rex\n",
			     links.value().size() > 1 ? "s" : "");
		return exit_failure;
	}

	std::fprintf(out, "attached program %u (%s) to %s\n", program.id,
		     program.name.empty() ? "-" : program.name.c_str(), describe_target(options.target).c_str());
	for (std::size_t i = 0; i < links.value().size(); i++)
		std::fprintf(out, "link %u pinned at %s\n", links.value()[i].id(), pinned.value()[i].c_str());
	return exit_success;
}

int run_detach(const DetachOptions &options, std::FILE *out, std::FILE *err)
{
	Result<std::vector<UnpinnedLink>> unpinned = unpin_links(options.path);
	if (!unpinned) {
		int code = unpinned.error().code();
		std::string_view hint = code == ENOENT ? "nothing is pinned there: rex attach --pin pins links"
						       : error_hint(code);
		std::fprintf(err, "%s\n", format_error("detach", unpinned.error(), hint).c_str());
		return exit_failure;
	}
	for (const UnpinnedLink &link : unpinned.value())
		std::fprintf(out, "%s\n", format_detached(link).c_str());
	return exit_success;
}

} // namespace rex::cli
