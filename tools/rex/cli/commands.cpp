// SPDX-License-Identifier: GPL-2.0
#include "commands.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace rex::cli {

namespace {

constexpr std::array<CommandSpec, 3> specs = {{
	{
		CommandKind::help,
		"help",
		"rex help [<command>]",
		"show this help, or the help of one command",
		"Show the list of commands, or the usage and options of <command>.\n",
	},
	{
		CommandKind::list,
		"list",
		"rex list [--json]",
		"list the programs loaded in the kernel (eBPF and Rex)",
		"List every program loaded in the running kernel, eBPF and Rex alike,\n"
		"with its id, type, name and tag.  Needs root (CAP_SYS_ADMIN).\n"
		"\n"
		"  -j, --json  print a JSON array of objects instead of a table:\n"
		"              id, type, name, tag, jited, run_time_ns, run_cnt\n"
		"              (run_time_ns and run_cnt stay 0 unless\n"
		"              sysctl kernel.bpf_stats_enabled=1)\n"
		"  -h, --help  show this help\n",
	},
	{
		CommandKind::version,
		"version",
		"rex version",
		"print the version and build information",
		"Print the rex version and how this binary was built (same as rex --version).\n",
	},
}};

constexpr std::string_view main_usage = "usage: rex [--version] [--help] <command> [<args>]\n";

} // namespace

std::span<const CommandSpec> command_specs()
{
	return specs;
}

const CommandSpec *find_command(std::string_view name)
{
	auto it = std::find_if(specs.begin(), specs.end(),
			       [name](const CommandSpec &spec) { return spec.name == name; });
	return it == specs.end() ? nullptr : &*it;
}

const CommandSpec &command_spec(CommandKind kind)
{
	for (const CommandSpec &spec : specs)
		if (spec.kind == kind)
			return spec;
	/* Every CommandKind has a row; reaching here is a bug in the table. */
	std::abort();
}

std::string help_text()
{
	std::string text(main_usage);
	text += "\nCommands:\n";

	std::size_t width = 0;
	for (const CommandSpec &spec : specs)
		width = std::max(width, spec.name.size());
	for (const CommandSpec &spec : specs) {
		text += "  ";
		text += spec.name;
		text.append(width - spec.name.size() + 3, ' ');
		text += spec.summary;
		text += '\n';
	}

	text += "\n"
		"Options:\n"
		"  -h, --help  show this help\n"
		"  --version   print the version and build information\n"
		"\n"
		"Exit status: 0 success, 1 the operation failed, 2 usage error.\n"
		"Run 'rex help <command>' for the options of one command.\n";
	return text;
}

std::string command_help_text(CommandKind kind)
{
	const CommandSpec &spec = command_spec(kind);
	std::string text = "usage: ";
	text += spec.usage;
	text += "\n\n";
	text += spec.details;
	return text;
}

std::string short_usage()
{
	std::string text(main_usage);
	text += "See 'rex --help' for the list of commands.\n";
	return text;
}

} // namespace rex::cli
