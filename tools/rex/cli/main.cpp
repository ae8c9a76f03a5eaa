// SPDX-License-Identifier: GPL-2.0
/*
 * rex: load, inspect and manage Rex programs.  git-style subcommands; see
 * commands.cpp for the list and `rex --help` for the exit codes.
 */

#include "args.h"
#include "attach_command.h"
#include "build_command.h"
#include "check_command.h"
#include "exit_code.h"
#include "inspect_command.h"
#include "list_command.h"
#include "load_command.h"
#include "log_command.h"
#include "map_command.h"
#include "run_command.h"
#include "sign_command.h"
#include "stat_command.h"
#include "version.h"

#include <cstdio>
#include <span>

using namespace rex::cli;

namespace {

int run_help(const Command &command)
{
	std::string text = command.help_topic ? command_help_text(*command.help_topic) : help_text();
	std::fputs(text.c_str(), stdout);
	return exit_success;
}

int run(const Command &command)
{
	switch (command.kind) {
	case CommandKind::attach:
		return run_attach(command.attach, stdout, stderr);
	case CommandKind::build:
		return run_build(command.build, stdout, stderr);
	case CommandKind::check:
		return run_check(command.check, stderr);
	case CommandKind::detach:
		return run_detach(command.detach, stdout, stderr);
	case CommandKind::help:
		return run_help(command);
	case CommandKind::inspect:
		return run_inspect(command.inspect, stdout, stderr);
	case CommandKind::list:
		return run_list(command.list, stdout, stderr);
	case CommandKind::load:
		return run_load(command.load, stdout, stderr);
	case CommandKind::log:
		return run_log(command.log, stdout, stderr);
	case CommandKind::map:
		return run_map(command.map, stdout, stderr);
	case CommandKind::run:
		return run_run(command.run, stdout, stderr);
	case CommandKind::sign:
		return run_sign(command.sign, stdout, stderr);
	case CommandKind::stat:
		return run_stat(command.stat, stdout, stderr);
	case CommandKind::verify:
		return run_verify(command.verify, stdout, stderr);
	case CommandKind::version:
		std::fputs(version_text().c_str(), stdout);
		return exit_success;
	}
	return exit_failure;
}

} // namespace

int main(int argc, char **argv)
{
	rex::Result<Command> command = parse_args(std::span<const char *const>(argv + 1, argc - 1));
	if (!command) {
		std::fputs(command.error().message().c_str(), stderr);
		return exit_usage;
	}

	int status = run(command.value());

	/* Output that never reached its reader is a failure, e.g. a full disk. */
	if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
		std::perror("rex: writing to stdout");
		return exit_failure;
	}
	return status;
}
