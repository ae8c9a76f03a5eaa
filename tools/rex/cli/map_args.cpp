// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of rex map: the verb, then the pinned map and the key and value
 * it takes, and the options of the verb.  A key or value is checked here
 * for its syntax; its size only once the map is open (map_data.h).
 */
#include "arg_parsing.h"

#include <array>
#include <cerrno>

namespace rex::cli {

namespace {

constexpr CommandKind kind = CommandKind::map;

/* The positional arguments of each verb after <pinned>, in order. */
struct VerbSpec {
	MapVerb verb;
	std::string_view name;
	bool key;
	bool value;
	bool json;
};

constexpr std::array<VerbSpec, 7> verbs = {{
	{MapVerb::dump, "dump", false, false, true},
	{MapVerb::lookup, "lookup", true, false, true},
	{MapVerb::update, "update", true, true, false},
	{MapVerb::remove, "delete", true, false, false},
	{MapVerb::pop, "pop", false, false, true},
	{MapVerb::push, "push", false, true, false},
	{MapVerb::watch, "watch", false, false, false},
}};

constexpr std::string_view verb_list = "dump, lookup, update, delete, pop, push or watch";

const VerbSpec *find_verb(std::string_view name)
{
	for (const VerbSpec &spec : verbs)
		if (spec.name == name)
			return &spec;
	return nullptr;
}

bool is_option(std::string_view arg)
{
	return arg.size() > 1 && arg[0] == '-';
}

/* "rex map lookup: <what>" and the usage. */
Error verb_usage_message(const VerbSpec &verb, std::string_view what)
{
	std::string text = "rex map ";
	text += verb.name;
	text += ": ";
	text += what;
	text += "\nusage: ";
	text += command_spec(kind).usage;
	text += '\n';
	return usage_error(std::move(text));
}

/* "rex map lookup: <what> '<arg>'" and the usage. */
Error verb_usage_error(const VerbSpec &verb, std::string_view what, std::string_view arg)
{
	return verb_usage_message(verb, std::string(what) + " '" + std::string(arg) + "'");
}

Result<MapData> map_data(const VerbSpec &verb, std::string_view text, std::string_view what)
{
	Result<MapData> data = parse_map_data(text, what);
	if (!data)
		return verb_usage_message(verb, data.error().message());
	return data;
}

/* --any, --create, --replace: the last one wins only if they agree. */
Result<void> set_mode(const VerbSpec &verb, MapOptions &options, std::optional<std::string_view> &given,
		      std::string_view arg, MapUpdateMode mode)
{
	if (verb.verb != MapVerb::update)
		return verb_usage_message(verb, std::string(arg) + " applies to rex map update only");
	if (given && *given != arg)
		return verb_usage_message(verb, std::string(*given) + " and " + std::string(arg) +
							" contradict each other");
	given = arg;
	options.mode = mode;
	return {};
}

} // namespace

std::string_view map_verb_name(MapVerb verb)
{
	for (const VerbSpec &spec : verbs)
		if (spec.verb == verb)
			return spec.name;
	return "?";
}

Result<Command> parse_map(Args args)
{
	if (args.empty())
		return command_usage_message(kind, "missing the subcommand: " + std::string(verb_list));
	std::string_view first = args[0];
	if (is_help_option(first))
		return help_for(kind);
	const VerbSpec *verb = find_verb(first);
	if (!verb)
		return command_usage_message(kind, "unknown subcommand '" + std::string(first) +
							   "': " + std::string(verb_list));

	Command command;
	command.kind = kind;
	MapOptions &options = command.map;
	options.verb = verb->verb;
	std::optional<std::string_view> mode;
	std::vector<std::string_view> words;
	Args rest = args.subspan(1);
	for (std::size_t i = 0; i < rest.size(); i++) {
		std::string_view arg = rest[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (arg == "--duration" || arg.starts_with("--duration=")) {
			if (verb->verb != MapVerb::watch)
				return verb_usage_message(*verb, "--duration applies to rex map watch only");
			auto duration = REX_TRY(option_value(kind, rest, i, "--duration"));
			options.duration_s = REX_TRY(seconds_value(kind, "--duration", *duration));
		} else if ((arg == "-j" || arg == "--json") && verb->json)
			options.json = true;
		else if (arg == "--any")
			REX_TRY(set_mode(*verb, options, mode, arg, MapUpdateMode::any));
		else if (arg == "--create")
			REX_TRY(set_mode(*verb, options, mode, arg, MapUpdateMode::create));
		else if (arg == "--replace")
			REX_TRY(set_mode(*verb, options, mode, arg, MapUpdateMode::replace));
		else if (is_option(arg))
			return verb_usage_error(*verb, "unknown option", arg);
		else
			words.push_back(arg);
	}

	if (words.empty())
		return verb_usage_message(*verb, "missing <pinned>: the path of a pinned map (rex load --pin <dir> "
						 "pins each map at <dir>/<map>)");
	options.path = words[0];
	std::size_t next = 1;
	if (verb->key) {
		if (next >= words.size())
			return verb_usage_message(*verb, "missing <key>");
		options.key = REX_TRY(map_data(*verb, words[next++], "key"));
	}
	if (verb->value) {
		if (next >= words.size())
			return verb_usage_message(*verb, "missing <value>");
		options.value = REX_TRY(map_data(*verb, words[next++], "value"));
	}
	if (next < words.size())
		return verb_usage_error(*verb, "unexpected argument", words[next]);
	return command;
}

} // namespace rex::cli
