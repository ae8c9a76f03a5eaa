// SPDX-License-Identifier: GPL-2.0
/* Parsing rex attach, detach, run, stat and log: each target form, each usage error. */
#include "args.h"
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <initializer_list>
#include <vector>

namespace rex::cli {
namespace {

using test::parse;
using test::usage_error;
using test::usage_error_text;

AttachOptions attach(std::initializer_list<const char *> args)
{
	Result<Command> command = parse(args);
	EXPECT_TRUE(command) << (command ? "" : command.error().message());
	if (!command)
		return {};
	EXPECT_EQ(command.value().kind, CommandKind::attach);
	return command.value().attach;
}

TEST(ParseAttach, XdpWithMode)
{
	AttachOptions options = attach({"attach", "/sys/fs/bpf/p", "xdp", "lo", "--mode", "generic", "--pin", "/sys/fs/bpf/l"});
	EXPECT_EQ(options.prog.path, "/sys/fs/bpf/p");
	EXPECT_FALSE(options.prog.id);
	EXPECT_EQ(options.pin, "/sys/fs/bpf/l");
	const XdpTarget *xdp = std::get_if<XdpTarget>(&options.target);
	ASSERT_NE(xdp, nullptr);
	EXPECT_EQ(xdp->device, "lo");
	EXPECT_EQ(xdp->mode, XdpMode::generic);
}

TEST(ParseAttach, XdpWithoutModeLetsTheKernelPick)
{
	AttachOptions options = attach({"attach", "id:12", "xdp", "eth0", "--pin=/sys/fs/bpf/l"});
	EXPECT_EQ(options.prog.id, 12u);
	EXPECT_EQ(std::get<XdpTarget>(options.target).mode, XdpMode::automatic);
}

TEST(ParseAttach, OptionsMayComeFirst)
{
	AttachOptions options = attach({"attach", "--pin", "/l", "--mode=native", "id:3", "xdp", "eth0"});
	EXPECT_EQ(std::get<XdpTarget>(options.target).mode, XdpMode::native);
}

TEST(ParseAttach, TcDirections)
{
	AttachOptions in = attach({"attach", "id:1", "tc", "lo", "ingress", "--pin", "/l"});
	EXPECT_EQ(std::get<TcTarget>(in.target).device, "lo");
	EXPECT_EQ(std::get<TcTarget>(in.target).direction, TcDirection::ingress);
	AttachOptions out = attach({"attach", "id:1", "tc", "lo", "egress", "--pin", "/l"});
	EXPECT_EQ(std::get<TcTarget>(out.target).direction, TcDirection::egress);
}

TEST(ParseAttach, KprobeAndKretprobe)
{
	AttachOptions entry = attach({"attach", "id:1", "kprobe", "do_exit", "--pin", "/l"});
	EXPECT_EQ(std::get<KprobeTarget>(entry.target).symbol, "do_exit");
	EXPECT_FALSE(std::get<KprobeTarget>(entry.target).retprobe);
	AttachOptions ret = attach({"attach", "id:1", "kretprobe", "do_exit", "--pin", "/l"});
	EXPECT_TRUE(std::get<KprobeTarget>(ret.target).retprobe);
	AttachOptions suffix = attach({"attach", "id:1", "kprobe", "do_exit%return", "--pin", "/l"});
	EXPECT_EQ(std::get<KprobeTarget>(suffix.target).symbol, "do_exit");
	EXPECT_TRUE(std::get<KprobeTarget>(suffix.target).retprobe);
}

TEST(ParseAttach, Tracepoint)
{
	AttachOptions options = attach({"attach", "id:1", "tracepoint", "sched/sched_process_exec", "--pin", "/l"});
	EXPECT_EQ(std::get<TracepointTarget>(options.target).category, "sched");
	EXPECT_EQ(std::get<TracepointTarget>(options.target).event, "sched_process_exec");
}

TEST(ParseAttach, PerfByFrequencyOnEveryCpu)
{
	AttachOptions options = attach({"attach", "id:1", "perf", "cpu-clock", "--freq", "99", "--pin", "/d"});
	const PerfTarget &perf = std::get<PerfTarget>(options.target);
	EXPECT_EQ(perf.freq_hz, 99u);
	EXPECT_EQ(perf.period_ns, 0u);
	EXPECT_FALSE(perf.cpu);
}

TEST(ParseAttach, PerfByPeriodOnOneCpu)
{
	AttachOptions options =
		attach({"attach", "id:1", "perf", "cpu-clock", "--period", "100000", "--cpu", "2", "--pin", "/l"});
	const PerfTarget &perf = std::get<PerfTarget>(options.target);
	EXPECT_EQ(perf.freq_hz, 0u);
	EXPECT_EQ(perf.period_ns, 100000u);
	EXPECT_EQ(perf.cpu, 2u);
	AttachOptions all = attach({"attach", "id:1", "perf", "cpu-clock", "--freq", "1", "--cpu", "all", "--pin", "/d"});
	EXPECT_FALSE(std::get<PerfTarget>(all.target).cpu);
}

TEST(ParseAttach, HelpWins)
{
	Result<Command> command = parse({"attach", "id:1", "--help"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::help);
	EXPECT_EQ(command.value().help_topic, CommandKind::attach);
}

struct UsageCase {
	const char *name;
	std::vector<const char *> args;
	const char *message; /* the first line */
};

void PrintTo(const UsageCase &c, std::ostream *os)
{
	*os << c.name;
}

class AttachUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(AttachUsage, SaysWhatIsWrong)
{
	Result<Command> command = parse_args(GetParam().args);
	ASSERT_FALSE(command);
	EXPECT_EQ(command.error().code(), EINVAL);
	const std::string &text = command.error().message();
	EXPECT_EQ(text.substr(0, text.find('\n')), GetParam().message);
	EXPECT_NE(text.find("\nusage: rex "), std::string::npos) << text;
}

const UsageCase attach_usage_cases[] = {
	{"NoProgram", {"attach"}, "rex attach: missing <prog>: id:N or the path of a pinned program"},
	{"NoTarget",
	 {"attach", "id:1", "--pin", "/l"},
	 "rex attach: missing the target after 'id:1': xdp <dev>, tc <dev> ingress|egress, kprobe <symbol>, "
	 "kretprobe <symbol>, tracepoint <category>/<event> or perf cpu-clock"},
	{"BadId", {"attach", "id:x", "xdp", "lo", "--pin", "/l"},
	 "rex attach: 'id:x' is not a program: id:N (N from rex list) or the path of a pinned program"},
	{"ZeroId", {"attach", "id:0", "xdp", "lo", "--pin", "/l"},
	 "rex attach: 'id:0' is not a program: id:N (N from rex list) or the path of a pinned program"},
	{"UnknownType", {"attach", "id:1", "uprobe", "x", "--pin", "/l"},
	 "rex attach: unknown target type 'uprobe': xdp, tc, kprobe, kretprobe, tracepoint or perf"},
	{"NoPin", {"attach", "id:1", "xdp", "lo"},
	 "rex attach: missing --pin <path>: a link lasts only while it is pinned (or open), so rex attach pins it"},
	{"PinWithoutValue", {"attach", "id:1", "xdp", "lo", "--pin"}, "rex attach: option '--pin' needs a value"},
	{"UnknownOption", {"attach", "id:1", "xdp", "lo", "--force", "--pin", "/l"},
	 "rex attach: unknown option '--force'"},
	{"XdpNoDevice", {"attach", "id:1", "xdp", "--pin", "/l"}, "rex attach: xdp needs a device: xdp <dev>"},
	{"XdpTwoDevices", {"attach", "id:1", "xdp", "lo", "eth0", "--pin", "/l"},
	 "rex attach: unexpected argument 'eth0'"},
	{"XdpBadMode", {"attach", "id:1", "xdp", "lo", "--mode", "skb", "--pin", "/l"},
	 "rex attach: 'skb' is not an xdp mode: generic or native"},
	{"XdpBadDevice", {"attach", "id:1", "xdp", "eth0:1", "--pin", "/l"},
	 "rex attach: 'eth0:1' is not a network device name (1 to 15 characters, no '/', ':' or spaces)"},
	{"TcNoDevice", {"attach", "id:1", "tc", "--pin", "/l"},
	 "rex attach: tc needs a device and a direction: tc <dev> ingress|egress"},
	{"TcNoDirection", {"attach", "id:1", "tc", "lo", "--pin", "/l"},
	 "rex attach: tc needs a direction after 'lo': ingress or egress"},
	{"TcBadDirection", {"attach", "id:1", "tc", "lo", "in", "--pin", "/l"},
	 "rex attach: 'in' is not a tc direction: ingress or egress"},
	{"ModeOnTc", {"attach", "id:1", "tc", "lo", "ingress", "--mode", "generic", "--pin", "/l"},
	 "rex attach: --mode applies to xdp targets only"},
	{"KprobeNoSymbol", {"attach", "id:1", "kprobe", "--pin", "/l"},
	 "rex attach: kprobe needs a kernel symbol: kprobe <symbol>"},
	{"KretprobeNoSymbol", {"attach", "id:1", "kretprobe", "--pin", "/l"},
	 "rex attach: kretprobe needs a kernel symbol: kretprobe <symbol>"},
	{"TracepointNoName", {"attach", "id:1", "tracepoint", "--pin", "/l"},
	 "rex attach: tracepoint needs a name: tracepoint <category>/<event>"},
	{"TracepointBadName", {"attach", "id:1", "tracepoint", "sched_process_exec", "--pin", "/l"},
	 "rex attach: 'sched_process_exec' is not a tracepoint: CATEGORY/EVENT, e.g. sched/sched_process_exec "
	 "(see /sys/kernel/tracing/events)"},
	{"PerfNoEvent", {"attach", "id:1", "perf", "--freq", "99", "--pin", "/l"},
	 "rex attach: perf needs an event: perf cpu-clock"},
	{"PerfOtherEvent", {"attach", "id:1", "perf", "cycles", "--freq", "99", "--pin", "/l"},
	 "rex attach: unknown perf event 'cycles': only cpu-clock is supported"},
	{"PerfNoRate", {"attach", "id:1", "perf", "cpu-clock", "--pin", "/l"},
	 "rex attach: perf needs --freq <hz> or --period <ns>"},
	{"PerfBothRates", {"attach", "id:1", "perf", "cpu-clock", "--freq", "1", "--period", "2", "--pin", "/l"},
	 "rex attach: --freq and --period contradict each other"},
	{"PerfZeroFreq", {"attach", "id:1", "perf", "cpu-clock", "--freq", "0", "--pin", "/l"},
	 "rex attach: the frequency must be a positive whole number, not '0'"},
	{"PerfBadCpu", {"attach", "id:1", "perf", "cpu-clock", "--freq", "1", "--cpu", "first", "--pin", "/l"},
	 "rex attach: the CPU must be a number or 'all', not 'first'"},
	{"CpuOnXdp", {"attach", "id:1", "xdp", "lo", "--cpu", "1", "--pin", "/l"},
	 "rex attach: --cpu applies to perf targets only"},
	{"FreqOnKprobe", {"attach", "id:1", "kprobe", "f", "--freq", "1", "--pin", "/l"},
	 "rex attach: --freq applies to perf targets only"},
};

INSTANTIATE_TEST_SUITE_P(, AttachUsage, ::testing::ValuesIn(attach_usage_cases),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(ParseDetach, OnePath)
{
	Result<Command> command = parse({"detach", "/sys/fs/bpf/l"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::detach);
	EXPECT_EQ(command.value().detach.path, "/sys/fs/bpf/l");
}

TEST(ParseDetach, UsageErrors)
{
	EXPECT_EQ(usage_error({"detach"}), "rex detach: missing <link>: the path rex attach --pin was given");
	EXPECT_EQ(usage_error({"detach", "/a", "/b"}), "rex detach: unexpected argument '/b'");
	EXPECT_EQ(usage_error({"detach", "--all"}), "rex detach: unknown option '--all'");
}

TEST(ParseRun, ImageAndOptions)
{
	Result<Command> command = parse({"run", "x.rex", "--pin", "/sys/fs/bpf/x", "--duration", "3", "--target",
					 "tc_count=lo:egress", "--target=xdp_count=lo"});
	ASSERT_TRUE(command) << command.error().message();
	const RunOptions &run = command.value().run;
	EXPECT_EQ(command.value().kind, CommandKind::run);
	EXPECT_EQ(run.image, "x.rex");
	EXPECT_EQ(run.pin_dir, "/sys/fs/bpf/x");
	EXPECT_EQ(run.duration_s, 3u);
	EXPECT_FALSE(run.dry_run);
	ASSERT_EQ(run.targets.size(), 2u);
	EXPECT_EQ(run.targets[0].program, "tc_count");
	EXPECT_EQ(run.targets[0].target, "lo:egress");
	EXPECT_EQ(run.targets[1].program, "xdp_count");
	EXPECT_EQ(run.targets[1].target, "lo");
}

TEST(ParseRun, DefaultsRunUntilStopped)
{
	Result<Command> command = parse({"run", "x.rex", "--dry-run"});
	ASSERT_TRUE(command);
	EXPECT_FALSE(command.value().run.duration_s);
	EXPECT_FALSE(command.value().run.pin_dir);
	EXPECT_TRUE(command.value().run.dry_run);
	EXPECT_FALSE(command.value().run.keep_running);
}

TEST(ParseRun, KeepRunning)
{
	Result<Command> command = parse({"run", "--keep-running", "x.rex"});
	ASSERT_TRUE(command) << command.error().message();
	EXPECT_TRUE(command.value().run.keep_running);
	EXPECT_EQ(command.value().run.image, "x.rex");
}

TEST(ParseRun, UsageErrors)
{
	EXPECT_EQ(usage_error({"run"}), "rex run: missing <image>");
	EXPECT_EQ(usage_error({"run", "x.rex", "--duration", "soon"}),
		  "rex run: the --duration seconds must be a positive whole number, not 'soon'");
	EXPECT_EQ(usage_error({"run", "x.rex", "--duration", "0"}),
		  "rex run: the --duration seconds must be a positive whole number, not '0'");
	EXPECT_EQ(usage_error({"run", "x.rex", "--target", "tc_count"}), "rex run: 'tc_count' is not PROG=TARGET");
	EXPECT_EQ(usage_error({"run", "x.rex", "y.rex"}), "rex run: unexpected argument 'y.rex'");
}

TEST(ParseStat, Options)
{
	Result<Command> command = parse({"stat", "--all", "-j", "--enable-stats", "--watch", "5"});
	ASSERT_TRUE(command) << command.error().message();
	const StatOptions &stat = command.value().stat;
	EXPECT_EQ(command.value().kind, CommandKind::stat);
	EXPECT_TRUE(stat.all);
	EXPECT_TRUE(stat.json);
	EXPECT_TRUE(stat.enable_stats);
	EXPECT_EQ(stat.watch_s, 5u);
}

TEST(ParseStat, DefaultsToRexProgramsNow)
{
	Result<Command> command = parse({"stat"});
	ASSERT_TRUE(command);
	EXPECT_FALSE(command.value().stat.all);
	EXPECT_FALSE(command.value().stat.json);
	EXPECT_FALSE(command.value().stat.enable_stats);
	EXPECT_FALSE(command.value().stat.watch_s);
}

TEST(ParseStat, UsageErrors)
{
	EXPECT_EQ(usage_error({"stat", "--enable-stats"}),
		  "rex stat: --enable-stats needs --watch <seconds>: programs count their runs only while stats are "
		  "on, i.e. while rex waits");
	EXPECT_EQ(usage_error({"stat", "--watch"}), "rex stat: option '--watch' needs a value");
	EXPECT_EQ(usage_error({"stat", "--watch", "-1"}),
		  "rex stat: the --watch seconds must be a positive whole number, not '-1'");
	EXPECT_EQ(usage_error({"stat", "7"}), "rex stat: unexpected argument '7'");
}

TEST(ParseLog, AllReportsAsText)
{
	Result<Command> command = parse({"log"});
	ASSERT_TRUE(command) << command.error().message();
	EXPECT_EQ(command.value().kind, CommandKind::log);
	EXPECT_FALSE(command.value().log.prog);
	EXPECT_FALSE(command.value().log.json);
}

TEST(ParseLog, ProgAndJsonInAnySpelling)
{
	for (auto args : {std::initializer_list<const char *>{"log", "--prog", "43", "--json"},
			  {"log", "-j", "--prog=43"},
			  {"log", "--prog", "id:43", "-j"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command) << command.error().message();
		EXPECT_EQ(command.value().log.prog, 43u);
		EXPECT_TRUE(command.value().log.json);
	}
}

TEST(ParseLog, UsageErrors)
{
	EXPECT_EQ(usage_error({"log", "--prog"}), "rex log: option '--prog' needs a value");
	EXPECT_EQ(usage_error({"log", "--prog", "xdp_drop"}),
		  "rex log: --prog 'xdp_drop' is not a program id (N or id:N, from rex list)");
	EXPECT_EQ(usage_error({"log", "--prog", "0"}),
		  "rex log: --prog '0' is not a program id (N or id:N, from rex list)");
	EXPECT_EQ(usage_error({"log", "--prog", "4294967296"}),
		  "rex log: --prog '4294967296' is not a program id (N or id:N, from rex list)");
	EXPECT_EQ(usage_error({"log", "43"}), "rex log: unexpected argument '43'");
	EXPECT_EQ(usage_error({"log", "--follow"}), "rex log: unknown option '--follow'");
}

TEST(Commands, NewCommandsHaveHelp)
{
	for (const char *name : {"attach", "detach", "run", "stat", "log"}) {
		const CommandSpec *spec = find_command(name);
		ASSERT_NE(spec, nullptr) << name;
		std::string help = command_help_text(spec->kind);
		EXPECT_EQ(help.rfind(std::string("usage: rex ") + name, 0), 0u) << help;
		EXPECT_NE(help_text().find(std::string("  ") + name + " "), std::string::npos) << name;
	}
	EXPECT_NE(command_help_text(CommandKind::attach).find("--pin <path>  required"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::stat).find("--enable-stats --watch"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::list).find("/proc/rex/progs"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::list).find("heuristic"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::load).find("--keep-running"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::run).find("--keep-running"), std::string::npos);
	EXPECT_NE(command_help_text(CommandKind::log).find("/proc/rex/log"), std::string::npos);
}

} // namespace
} // namespace rex::cli
