/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The table of rex subcommands: the one place that names them, used by the
 * argument parser and by the help text, so the two cannot drift apart.
 * Only implemented commands are listed.
 */

#include <span>
#include <string>
#include <string_view>

namespace rex::cli {

enum class CommandKind {
	attach,
	build,
	check,
	detach,
	help,
	inspect,
	list,
	load,
	log,
	map,
	run,
	sign,
	stat,
	verify,
	version,
};

struct CommandSpec {
	CommandKind kind;
	std::string_view name;
	std::string_view usage;   /* "rex list [--json]"; a command with verbs has git's "   or: " lines */
	std::string_view summary; /* one line for `rex --help` */
	std::string_view details; /* body of `rex help <command>` */
};

std::span<const CommandSpec> command_specs();
const CommandSpec *find_command(std::string_view name);
const CommandSpec &command_spec(CommandKind kind);

/* `rex --help`: every command with its summary, options, exit codes. */
std::string help_text();
/* `rex help list`, `rex list --help`. */
std::string command_help_text(CommandKind kind);
/* The short usage printed to stderr after a usage error. */
std::string short_usage();

} // namespace rex::cli
