// SPDX-License-Identifier: GPL-2.0
#include "args.h"

#include "arg_parsing.h"

#include <librex/build.h>

#include <cerrno>
#include <string>
#include <string_view>

namespace rex::cli {

/* The helpers of arg_parsing.h. */

Error usage_error(std::string text)
{
	return Error(EINVAL, std::move(text));
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

Error unexpected(CommandKind kind, std::string_view arg)
{
	bool is_option = arg.size() > 1 && arg[0] == '-';
	return command_usage_error(kind, is_option ? "unknown option" : "unexpected argument", arg);
}

Error command_usage_message(CommandKind kind, std::string_view what)
{
	const CommandSpec &spec = command_spec(kind);
	std::string text = "rex ";
	text += spec.name;
	text += ": ";
	text += what;
	text += "\nusage: ";
	text += spec.usage;
	text += '\n';
	return usage_error(std::move(text));
}

Result<std::optional<std::string>> option_value(CommandKind kind, Args args, std::size_t &i,
						std::string_view long_name, std::string_view short_name)
{
	std::string_view arg = args[i];
	if (arg.starts_with(long_name) && arg.size() > long_name.size() && arg[long_name.size()] == '=')
		return std::optional<std::string>(arg.substr(long_name.size() + 1));
	if (arg != long_name && (short_name.empty() || arg != short_name))
		return std::optional<std::string>();
	if (i + 1 >= args.size())
		return command_usage_message(kind, "option '" + std::string(arg) + "' needs a value");
	return std::optional<std::string>(args[++i]);
}

Result<void> take_image(CommandKind kind, std::string_view arg, std::string &image)
{
	if ((arg.size() > 1 && arg[0] == '-') || !image.empty())
		return unexpected(kind, arg);
	image = arg;
	return {};
}

Result<void> require_image(CommandKind kind, const std::string &image)
{
	if (image.empty())
		return command_usage_message(kind, "missing <image>");
	return {};
}

namespace {

/* "rex: unknown command 'x'" and where to look instead. */
Error unknown_command(std::string_view prefix, std::string_view name)
{
	std::string text(prefix);
	text += ": unknown command '";
	text += name;
	text += "'\nSee 'rex --help' for the list of commands.\n";
	return usage_error(std::move(text));
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

/*
 * A compiler flag of rex build and rex check: -DX, -IX or -D X, -I X,
 * appended to flags.  The librex rules say which (a precise message for
 * anything else).
 */
Result<void> take_compiler_flag(CommandKind kind, Args args, std::size_t &i, std::vector<std::string> &flags)
{
	std::string flag(args[i]);
	if (flag == "-D" || flag == "-I") {
		if (i + 1 >= args.size())
			return command_usage_message(kind, "option '" + flag + "' needs a value");
		flag += args[++i];
	}
	if (Result<void> allowed = check_user_flag(flag); !allowed)
		return command_usage_message(kind, allowed.error().message());
	flags.push_back(std::move(flag));
	return {};
}

Result<Command> parse_build(Args args)
{
	constexpr CommandKind kind = CommandKind::build;
	Command command;
	command.kind = kind;
	BuildCommandOptions &options = command.build;
	bool no_sign = false;
	for (std::size_t i = 0; i < args.size(); i++) {
		std::string_view arg = args[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (auto out = REX_TRY(option_value(kind, args, i, "--output", "-o"))) {
			options.output = std::move(out);
		} else if (auto key = REX_TRY(option_value(kind, args, i, "--key"))) {
			options.key = std::move(key);
		} else if (arg == "--no-sign") {
			no_sign = true;
		} else if (arg.size() > 1 && arg[0] == '-') {
			REX_TRY(take_compiler_flag(kind, args, i, options.flags));
		} else {
			REX_TRY(take_image(kind, arg, options.source));
		}
	}
	if (options.source.empty())
		return command_usage_message(kind, "missing <source.cpp>");
	if (no_sign && options.key)
		return command_usage_message(kind, "--no-sign and --key contradict each other");
	options.sign = !no_sign;
	return command;
}

Result<Command> parse_check(Args args)
{
	constexpr CommandKind kind = CommandKind::check;
	Command command;
	command.kind = kind;
	CheckOptions &options = command.check;
	for (std::size_t i = 0; i < args.size(); i++) {
		std::string_view arg = args[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (arg.size() > 1 && arg[0] == '-')
			REX_TRY(take_compiler_flag(kind, args, i, options.flags));
		else
			REX_TRY(take_image(kind, arg, options.source));
	}
	if (options.source.empty())
		return command_usage_message(kind, "missing <source.cpp>");
	return command;
}

Result<Command> parse_sign(Args args)
{
	constexpr CommandKind kind = CommandKind::sign;
	Command command;
	command.kind = kind;
	SignOptions &options = command.sign;
	for (std::size_t i = 0; i < args.size(); i++) {
		if (is_help_option(args[i]))
			return help_for(kind);
		if (auto out = REX_TRY(option_value(kind, args, i, "--output", "-o")))
			options.output = std::move(out);
		else if (auto key = REX_TRY(option_value(kind, args, i, "--key")))
			options.key = std::move(key);
		else
			REX_TRY(take_image(kind, args[i], options.image));
	}
	REX_TRY(require_image(kind, options.image));
	return command;
}

Result<Command> parse_verify(Args args)
{
	constexpr CommandKind kind = CommandKind::verify;
	Command command;
	command.kind = kind;
	VerifyOptions &options = command.verify;
	for (std::size_t i = 0; i < args.size(); i++) {
		if (is_help_option(args[i]))
			return help_for(kind);
		if (auto cert = REX_TRY(option_value(kind, args, i, "--cert")))
			options.cert = std::move(cert);
		else
			REX_TRY(take_image(kind, args[i], options.image));
	}
	REX_TRY(require_image(kind, options.image));
	return command;
}

Result<Command> parse_inspect(Args args)
{
	constexpr CommandKind kind = CommandKind::inspect;
	Command command;
	command.kind = kind;
	InspectOptions &options = command.inspect;
	for (std::string_view arg : args) {
		if (is_help_option(arg))
			return help_for(kind);
		if (arg == "-j" || arg == "--json")
			options.json = true;
		else
			REX_TRY(take_image(kind, arg, options.image));
	}
	REX_TRY(require_image(kind, options.image));
	return command;
}

Result<Command> parse_load(Args args)
{
	constexpr CommandKind kind = CommandKind::load;
	Command command;
	command.kind = kind;
	LoadOptions &options = command.load;
	for (std::size_t i = 0; i < args.size(); i++) {
		if (is_help_option(args[i]))
			return help_for(kind);
		if (auto dir = REX_TRY(option_value(kind, args, i, "--pin")))
			options.pin_dir = std::move(dir);
		else if (auto prog = REX_TRY(option_value(kind, args, i, "--prog")))
			options.prog = std::move(prog);
		else if (std::string_view(args[i]) == "--keep-running")
			options.keep_running = true;
		else
			REX_TRY(take_image(kind, args[i], options.image));
	}
	REX_TRY(require_image(kind, options.image));
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
	case CommandKind::attach:
		return parse_attach(args);
	case CommandKind::build:
		return parse_build(args);
	case CommandKind::check:
		return parse_check(args);
	case CommandKind::detach:
		return parse_detach(args);
	case CommandKind::help:
		return parse_help(args);
	case CommandKind::inspect:
		return parse_inspect(args);
	case CommandKind::list:
		return parse_list(args);
	case CommandKind::load:
		return parse_load(args);
	case CommandKind::log:
		return parse_log(args);
	case CommandKind::map:
		return parse_map(args);
	case CommandKind::run:
		return parse_run(args);
	case CommandKind::sign:
		return parse_sign(args);
	case CommandKind::stat:
		return parse_stat(args);
	case CommandKind::verify:
		return parse_verify(args);
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
