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
#include <string>
#include <vector>

namespace rex::cli {

struct ListOptions {
	bool json = false;
};

struct BuildCommandOptions {
	std::string source;
	std::optional<std::string> output; /* none: <source>.rex here */
	std::vector<std::string> flags;    /* "-DNAME[=VALUE]", "-IDIR", in order */
	bool sign = true;                  /* --no-sign */
	std::optional<std::string> key;
};

struct SignOptions {
	std::string image;
	std::optional<std::string> output; /* none: sign in place */
	std::optional<std::string> key;
};

struct VerifyOptions {
	std::string image;
	std::optional<std::string> cert;
};

struct InspectOptions {
	std::string image;
	bool json = false;
};

struct LoadOptions {
	std::string image;
	std::optional<std::string> pin_dir;
	std::optional<std::string> prog; /* none: every program */
};

struct Command {
	CommandKind kind = CommandKind::help;
	/* For help: the command to explain; none means all of rex. */
	std::optional<CommandKind> help_topic;
	ListOptions list;
	BuildCommandOptions build;
	SignOptions sign;
	VerifyOptions verify;
	InspectOptions inspect;
	LoadOptions load;
};

/* args is argv without argv[0]. */
Result<Command> parse_args(std::span<const char *const> args);

} // namespace rex::cli
