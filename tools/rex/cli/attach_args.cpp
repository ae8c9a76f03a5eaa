// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of the commands that attach and observe programs: attach,
 * detach, run, stat and log.  The words of a target are librex's
 * (attach_target.h); a word it rejects becomes a usage error with its
 * message.
 */
#include "arg_parsing.h"

#include <librex/attach_plan.h>
#include <librex/attach_target.h>

#include <cerrno>
#include <charconv>

namespace rex::cli {

namespace {

constexpr std::string_view target_forms =
	"xdp <dev>, tc <dev> ingress|egress, kprobe <symbol>, kretprobe <symbol>, "
	"tracepoint <category>/<event> or perf cpu-clock";

bool is_option(std::string_view arg)
{
	return arg.size() > 1 && arg[0] == '-';
}

/* A librex parse result, its error turned into kind's usage error. */
template <typename T>
Result<T> usage_checked(CommandKind kind, Result<T> result)
{
	if (!result)
		return command_usage_message(kind, result.error().message());
	return result;
}

constexpr std::string_view id_prefix = "id:";

/* A program id, N: decimal, not 0. */
std::optional<std::uint32_t> program_id(std::string_view digits)
{
	std::uint32_t id = 0;
	auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
	if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id == 0)
		return std::nullopt;
	return id;
}

Result<ProgramRef> parse_program_ref(std::string_view text)
{
	ProgramRef ref;
	if (!text.starts_with(id_prefix)) {
		ref.path = text;
		return ref;
	}
	ref.id = program_id(text.substr(id_prefix.size()));
	if (!ref.id)
		return command_usage_message(CommandKind::attach, "'" + std::string(text) +
									  "' is not a program: id:N (N from rex list) "
									  "or the path of a pinned program");
	return ref;
}

/* The options of rex attach; which apply depends on the target. */
struct AttachFlags {
	std::optional<std::string> pin;
	std::optional<std::string> mode;
	std::optional<std::string> freq;
	std::optional<std::string> period;
	std::optional<std::string> cpu;
};

/* The words after the target type: exactly count of them. */
Result<void> expect_words(std::span<const std::string_view> words, std::size_t count, std::string_view missing)
{
	if (words.size() < count)
		return command_usage_message(CommandKind::attach, missing);
	if (words.size() > count)
		return unexpected(CommandKind::attach, words[count]);
	return {};
}

Result<void> reject_option(const std::optional<std::string> &value, std::string_view option,
			   std::string_view applies_to)
{
	if (value)
		return command_usage_message(CommandKind::attach, std::string(option) + " applies to " +
									  std::string(applies_to) + " targets only");
	return {};
}

Result<AttachTarget> perf_target(std::span<const std::string_view> words, const AttachFlags &flags)
{
	constexpr CommandKind kind = CommandKind::attach;
	REX_TRY(expect_words(words, 1, "perf needs an event: perf cpu-clock"));
	if (words[0] != "cpu-clock")
		return command_usage_message(kind, "unknown perf event '" + std::string(words[0]) +
							   "': only cpu-clock is supported");
	if (flags.freq && flags.period)
		return command_usage_message(kind, "--freq and --period contradict each other");
	if (!flags.freq && !flags.period)
		return command_usage_message(kind, "perf needs --freq <hz> or --period <ns>");

	PerfTarget perf;
	if (flags.freq) {
		perf.freq_hz = REX_TRY(usage_checked(kind, parse_positive_number("frequency", *flags.freq)));
	} else {
		perf.freq_hz = 0;
		perf.period_ns = REX_TRY(usage_checked(kind, parse_positive_number("period", *flags.period)));
	}
	if (flags.cpu)
		perf.cpu = REX_TRY(usage_checked(kind, parse_cpu(*flags.cpu)));
	return AttachTarget(perf);
}

Result<AttachTarget> attach_target(std::string_view type, std::span<const std::string_view> words,
				   const AttachFlags &flags)
{
	constexpr CommandKind kind = CommandKind::attach;
	if (type != "xdp")
		REX_TRY(reject_option(flags.mode, "--mode", "xdp"));
	if (type != "perf") {
		REX_TRY(reject_option(flags.freq, "--freq", "perf"));
		REX_TRY(reject_option(flags.period, "--period", "perf"));
		REX_TRY(reject_option(flags.cpu, "--cpu", "perf"));
	}

	if (type == "xdp") {
		REX_TRY(expect_words(words, 1, "xdp needs a device: xdp <dev>"));
		XdpTarget xdp;
		xdp.device = REX_TRY(usage_checked(kind, parse_device_name(words[0])));
		if (flags.mode)
			xdp.mode = REX_TRY(usage_checked(kind, parse_xdp_mode(*flags.mode)));
		return AttachTarget(std::move(xdp));
	}
	if (type == "tc") {
		if (words.size() == 1)
			return command_usage_message(kind, "tc needs a direction after '" + std::string(words[0]) +
								   "': ingress or egress");
		REX_TRY(expect_words(words, 2, "tc needs a device and a direction: tc <dev> ingress|egress"));
		TcTarget tc;
		tc.device = REX_TRY(usage_checked(kind, parse_device_name(words[0])));
		tc.direction = REX_TRY(usage_checked(kind, parse_tc_direction(words[1])));
		return AttachTarget(std::move(tc));
	}
	if (type == "kprobe" || type == "kretprobe") {
		REX_TRY(expect_words(words, 1, std::string(type) + " needs a kernel symbol: " + std::string(type) +
						       " <symbol>"));
		return AttachTarget(REX_TRY(usage_checked(kind, parse_kprobe_symbol(words[0], type == "kretprobe"))));
	}
	if (type == "tracepoint") {
		REX_TRY(expect_words(words, 1, "tracepoint needs a name: tracepoint <category>/<event>"));
		return AttachTarget(REX_TRY(usage_checked(kind, parse_tracepoint_name(words[0]))));
	}
	if (type == "perf")
		return perf_target(words, flags);
	return command_usage_message(kind, "unknown target type '" + std::string(type) +
						   "': xdp, tc, kprobe, kretprobe, tracepoint or perf");
}

} // namespace

Result<std::uint64_t> seconds_value(CommandKind kind, std::string_view option, std::string_view text)
{
	return usage_checked(kind, parse_positive_number(std::string(option) + " seconds", text));
}

Result<Command> parse_attach(Args args)
{
	constexpr CommandKind kind = CommandKind::attach;
	AttachFlags flags;
	std::vector<std::string_view> words;
	for (std::size_t i = 0; i < args.size(); i++) {
		std::string_view arg = args[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (auto pin = REX_TRY(option_value(kind, args, i, "--pin")))
			flags.pin = std::move(pin);
		else if (auto mode = REX_TRY(option_value(kind, args, i, "--mode")))
			flags.mode = std::move(mode);
		else if (auto freq = REX_TRY(option_value(kind, args, i, "--freq")))
			flags.freq = std::move(freq);
		else if (auto period = REX_TRY(option_value(kind, args, i, "--period")))
			flags.period = std::move(period);
		else if (auto cpu = REX_TRY(option_value(kind, args, i, "--cpu")))
			flags.cpu = std::move(cpu);
		else if (is_option(arg))
			return unexpected(kind, arg);
		else
			words.push_back(arg);
	}

	if (words.empty())
		return command_usage_message(kind, "missing <prog>: id:N or the path of a pinned program");
	if (words.size() == 1)
		return command_usage_message(kind, "missing the target after '" + std::string(words[0]) +
							   "': " + std::string(target_forms));

	Command command;
	command.kind = kind;
	AttachOptions &options = command.attach;
	options.prog = REX_TRY(parse_program_ref(words[0]));
	options.target = REX_TRY(attach_target(words[1], std::span(words).subspan(2), flags));
	if (!flags.pin)
		return command_usage_message(kind, "missing --pin <path>: a link lasts only while it is pinned "
						   "(or open), so rex attach pins it");
	options.pin = std::move(*flags.pin);
	return command;
}

Result<Command> parse_detach(Args args)
{
	constexpr CommandKind kind = CommandKind::detach;
	Command command;
	command.kind = kind;
	for (std::string_view arg : args) {
		if (is_help_option(arg))
			return help_for(kind);
		if (is_option(arg) || !command.detach.path.empty())
			return unexpected(kind, arg);
		command.detach.path = arg;
	}
	if (command.detach.path.empty())
		return command_usage_message(kind, "missing <link>: the path rex attach --pin was given");
	return command;
}

Result<Command> parse_run(Args args)
{
	constexpr CommandKind kind = CommandKind::run;
	Command command;
	command.kind = kind;
	RunOptions &options = command.run;
	for (std::size_t i = 0; i < args.size(); i++) {
		if (is_help_option(args[i]))
			return help_for(kind);
		if (auto dir = REX_TRY(option_value(kind, args, i, "--pin"))) {
			options.pin_dir = std::move(dir);
		} else if (auto duration = REX_TRY(option_value(kind, args, i, "--duration"))) {
			options.duration_s = REX_TRY(seconds_value(kind, "--duration", *duration));
		} else if (std::string_view(args[i]) == "--dry-run") {
			options.dry_run = true;
		} else if (std::string_view(args[i]) == "--keep-running") {
			options.keep_running = true;
		} else if (auto target = REX_TRY(option_value(kind, args, i, "--target"))) {
			options.targets.push_back(REX_TRY(usage_checked(kind, parse_target_override(*target))));
		} else {
			REX_TRY(take_image(kind, args[i], options.image));
		}
	}
	REX_TRY(require_image(kind, options.image));
	return command;
}

Result<Command> parse_stat(Args args)
{
	constexpr CommandKind kind = CommandKind::stat;
	Command command;
	command.kind = kind;
	StatOptions &options = command.stat;
	for (std::size_t i = 0; i < args.size(); i++) {
		std::string_view arg = args[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (arg == "-j" || arg == "--json")
			options.json = true;
		else if (arg == "-a" || arg == "--all")
			options.all = true;
		else if (arg == "--enable-stats")
			options.enable_stats = true;
		else if (auto watch = REX_TRY(option_value(kind, args, i, "--watch")))
			options.watch_s = REX_TRY(seconds_value(kind, "--watch", *watch));
		else
			return unexpected(kind, arg);
	}
	if (options.enable_stats && !options.watch_s)
		return command_usage_message(kind, "--enable-stats needs --watch <seconds>: programs count their "
						   "runs only while stats are on, i.e. while rex waits");
	return command;
}

Result<Command> parse_log(Args args)
{
	constexpr CommandKind kind = CommandKind::log;
	Command command;
	command.kind = kind;
	LogOptions &options = command.log;
	for (std::size_t i = 0; i < args.size(); i++) {
		std::string_view arg = args[i];
		if (is_help_option(arg))
			return help_for(kind);
		if (arg == "-j" || arg == "--json") {
			options.json = true;
		} else if (auto prog = REX_TRY(option_value(kind, args, i, "--prog"))) {
			/* ID as rex list shows it, or id:ID as rex attach takes it. */
			std::string_view id = *prog;
			if (id.starts_with(id_prefix))
				id.remove_prefix(id_prefix.size());
			options.prog = program_id(id);
			if (!options.prog)
				return command_usage_message(kind, "--prog '" + *prog + "' is not a program id "
											"(N or id:N, from rex list)");
		} else {
			return unexpected(kind, arg);
		}
	}
	return command;
}

} // namespace rex::cli
