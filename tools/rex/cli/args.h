/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Command-line parsing, kept apart from running anything so that it can be
 * tested without a kernel: parse_args() turns argv into a Command, or into
 * an Error whose message is the complete text for stderr (exit code 2).
 */

#include "commands.h"

#include <librex/result.h>

#include <optional>
#include <span>

namespace rex::cli {

struct ListOptions {
	bool json = false;
};

struct Command {
	CommandKind kind = CommandKind::help;
	/* For help: the command to explain; none means all of rex. */
	std::optional<CommandKind> help_topic;
	ListOptions list;
};

/* args is argv without argv[0]. */
Result<Command> parse_args(std::span<const char *const> args);

} // namespace rex::cli
