// SPDX-License-Identifier: GPL-2.0
#include "args.h"

#include <cerrno>
#include <string>
#include <string_view>

namespace rex::cli {

namespace {

using Args = std::span<const char *const>;

Error usage_error(std::string text)
{
	return Error(EINVAL, std::move(text));
}

/* "rex: unknown command 'x'" and where to look instead. */
Error unknown_command(std::string_view prefix, std::string_view name)
{
	std::string text(prefix);
	text += ": unknown command '";
	text += name;
	text += "'\nSee 'rex --help' for the list of commands.\n";
	return usage_error(std::move(text));
}

/* "rex list: unknown option '--x'" followed by the command's usage line. */
Error command_usage_error(CommandKind kind, std::string_view what, std::string_view arg)
{
	const CommandSpec &spec = command_spec(kind);
	std::string text = "rex ";
	text += spec.name;
	text += ": ";
	text += what;
	text += " '";
	text += arg;
	text += "'\nusage: ";
	text += spec.usage;
	text += '\n';
	return usage_error(std::move(text));
}

bool is_help_option(std::string_view arg)
{
	return arg == "-h" || arg == "--help";
}

Command help_for(std::optional<CommandKind> topic)
{
	Command command;
	command.kind = CommandKind::help;
	command.help_topic = topic;
	return command;
}

/* An argument the command does not take: an option or a positional. */
Error unexpected(CommandKind kind, std::string_view arg)
{
	bool is_option = arg.size() > 1 && arg[0] == '-';
	return command_usage_error(kind, is_option ? "unknown option" : "unexpected argument", arg);
}

Result<Command> parse_help(Args args)
{
	if (args.empty())
		return help_for(std::nullopt);
	std::string_view topic = args[0];
	if (args.size() > 1)
		return unexpected(CommandKind::help, args[1]);
	if (is_help_option(topic))
		return help_for(CommandKind::help);
	const CommandSpec *spec = find_command(topic);
	if (!spec)
		return unknown_command("rex help", topic);
	return help_for(spec->kind);
}

Result<Command> parse_list(Args args)
{
	Command command;
	command.kind = CommandKind::list;
	for (std::string_view arg : args) {
		if (arg == "-j" || arg == "--json")
			command.list.json = true;
		else if (is_help_option(arg))
			return help_for(CommandKind::list);
		else
			return unexpected(CommandKind::list, arg);
	}
	return command;
}

Result<Command> parse_version(Args args)
{
	if (!args.empty()) {
		if (is_help_option(args[0]))
			return help_for(CommandKind::version);
		return unexpected(CommandKind::version, args[0]);
	}
	Command command;
	command.kind = CommandKind::version;
	return command;
}

Result<Command> parse_command(const CommandSpec &spec, Args args)
{
	switch (spec.kind) {
	case CommandKind::help:
		return parse_help(args);
	case CommandKind::list:
		return parse_list(args);
	case CommandKind::version:
		return parse_version(args);
	}
	return usage_error("rex: internal error: unhandled command\n");
}

} // namespace

Result<Command> parse_args(Args args)
{
	if (args.empty())
		return usage_error(short_usage());

	std::string_view first = args[0];
	Args rest = args.subspan(1);

	/* Global options act like the commands they stand for. */
	if (first == "--version")
		return parse_version(rest);
	if (is_help_option(first))
		return parse_help(rest);
	if (first.size() > 1 && first[0] == '-')
		return usage_error("rex: unknown option '" + std::string(first) + "'\n" + short_usage());

	const CommandSpec *spec = find_command(first);
	if (!spec)
		return unknown_command("rex", first);
	return parse_command(*spec, rest);
}

} // namespace rex::cli
