/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The pieces every command's parser is made of, so that all commands
 * word their usage errors alike ("rex <command>: <what>" and the usage
 * line).  args.cpp defines them; attach_args.cpp parses the commands that
 * attach and observe programs.
 */

#include "args.h"

#include <librex/error.h>
#include <librex/result.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rex::cli {

using Args = std::span<const char *const>;

Error usage_error(std::string text);
/* "rex list: <what> '<arg>'" and the command's usage line. */
Error command_usage_error(CommandKind kind, std::string_view what, std::string_view arg);
/* "rex sign: <what>" and the command's usage line. */
Error command_usage_message(CommandKind kind, std::string_view what);
/* An argument the command does not take: an option or a positional. */
Error unexpected(CommandKind kind, std::string_view arg);

bool is_help_option(std::string_view arg);
Command help_for(std::optional<CommandKind> topic);

/*
 * Is args[i] the option long_name (or short_name), as "--name VALUE",
 * "--name=VALUE" or "-n VALUE"?  Then its value, with i moved past it;
 * nullopt if args[i] is some other argument.
 */
Result<std::optional<std::string>> option_value(CommandKind kind, Args args, std::size_t &i,
						std::string_view long_name, std::string_view short_name = {});

/* A whole number of seconds, 1 or more, for option (--duration, --watch). */
Result<std::uint64_t> seconds_value(CommandKind kind, std::string_view option, std::string_view text);

/* The one positional argument of the image commands. */
Result<void> take_image(CommandKind kind, std::string_view arg, std::string &image);
Result<void> require_image(CommandKind kind, const std::string &image);

/* attach_args.cpp */
Result<Command> parse_attach(Args args);
Result<Command> parse_detach(Args args);
Result<Command> parse_run(Args args);
Result<Command> parse_stat(Args args);
Result<Command> parse_log(Args args);

/* map_args.cpp */
Result<Command> parse_map(Args args);

} // namespace rex::cli
