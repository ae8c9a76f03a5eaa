// SPDX-License-Identifier: GPL-2.0
/* Attach targets: the descriptor convention, the words, the type check, the rex run plan. */
#include <librex/attach_plan.h>
#include <librex/attach_target.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <cerrno>
#include <string>
#include <vector>

namespace rex {
namespace {

struct DescriptorCase {
	const char *name;
	std::uint32_t prog_type;
	const char *target;
	const char *described; /* describe_target(); nullptr: an error */
	const char *error;     /* a piece of the error message */
};

void PrintTo(const DescriptorCase &c, std::ostream *os)
{
	*os << c.name;
}

class DescriptorTarget : public ::testing::TestWithParam<DescriptorCase> {};

TEST_P(DescriptorTarget, Parses)
{
	const DescriptorCase &c = GetParam();
	Result<AttachTarget> target = target_from_descriptor(c.prog_type, c.target);
	if (c.described) {
		ASSERT_TRUE(target) << target.error().message();
		EXPECT_EQ(describe_target(target.value()), c.described);
		EXPECT_TRUE(check_target_prog_type(target.value(), c.prog_type));
	} else {
		ASSERT_FALSE(target);
		EXPECT_EQ(target.error().code(), EINVAL);
		EXPECT_NE(target.error().message().find(c.error), std::string::npos) << target.error().message();
	}
}

const DescriptorCase descriptor_cases[] = {
	{"XdpDevice", BPF_PROG_TYPE_XDP, "eth0", "xdp eth0", nullptr},
	{"XdpGeneric", BPF_PROG_TYPE_XDP, "lo:generic", "xdp lo (generic)", nullptr},
	{"XdpNative", BPF_PROG_TYPE_XDP, "eth0:native", "xdp eth0 (native)", nullptr},
	{"XdpEmpty", BPF_PROG_TYPE_XDP, "", nullptr, "'DEV', 'DEV:generic' or 'DEV:native'"},
	{"XdpBadMode", BPF_PROG_TYPE_XDP, "lo:skb", nullptr, "'skb' is not an xdp mode: generic or native"},
	{"XdpLongDevice", BPF_PROG_TYPE_XDP, "a234567890123456", nullptr, "is not a network device name"},
	{"TcIngress", BPF_PROG_TYPE_SCHED_CLS, "lo:ingress", "tc lo ingress", nullptr},
	{"TcEgress", BPF_PROG_TYPE_SCHED_CLS, "eth0:egress", "tc eth0 egress", nullptr},
	{"TcNoDirection", BPF_PROG_TYPE_SCHED_CLS, "lo", nullptr, "'DEV:ingress' or 'DEV:egress', not 'lo'"},
	{"TcEmpty", BPF_PROG_TYPE_SCHED_CLS, "", nullptr, "needs a device and a direction"},
	{"TcBadDirection", BPF_PROG_TYPE_SCHED_CLS, "lo:up", nullptr, "'up' is not a tc direction"},
	{"Kprobe", BPF_PROG_TYPE_KPROBE, "__x64_sys_getppid", "kprobe __x64_sys_getppid", nullptr},
	{"KprobeDottedSymbol", BPF_PROG_TYPE_KPROBE, "foo.isra.0", "kprobe foo.isra.0", nullptr},
	{"Kretprobe", BPF_PROG_TYPE_KPROBE, "do_exit%return", "kretprobe do_exit", nullptr},
	{"KprobeEmpty", BPF_PROG_TYPE_KPROBE, "", nullptr, "needs a kernel symbol"},
	{"KprobeSpace", BPF_PROG_TYPE_KPROBE, "do exit", nullptr, "is not a kernel symbol"},
	{"KprobeOnlyReturn", BPF_PROG_TYPE_KPROBE, "%return", nullptr, "is not a kernel symbol"},
	{"Tracepoint", BPF_PROG_TYPE_TRACEPOINT, "sched/sched_process_exec", "tracepoint sched/sched_process_exec",
	 nullptr},
	{"TracepointNoSlash", BPF_PROG_TYPE_TRACEPOINT, "sched_process_exec", nullptr, "CATEGORY/EVENT"},
	{"TracepointTwoSlashes", BPF_PROG_TYPE_TRACEPOINT, "a/b/c", nullptr, "CATEGORY/EVENT"},
	{"TracepointDotDot", BPF_PROG_TYPE_TRACEPOINT, "../id", nullptr, "is not a tracepoint"},
	{"TracepointEmpty", BPF_PROG_TYPE_TRACEPOINT, "", nullptr, "needs a tracepoint"},
	{"PerfDefault", BPF_PROG_TYPE_PERF_EVENT, "", "perf cpu-clock at 1000 Hz on every CPU", nullptr},
	{"PerfCpuClock", BPF_PROG_TYPE_PERF_EVENT, "cpu-clock", "perf cpu-clock at 1000 Hz on every CPU", nullptr},
	{"PerfFreq", BPF_PROG_TYPE_PERF_EVENT, "cpu-clock:freq=99", "perf cpu-clock at 99 Hz on every CPU", nullptr},
	{"PerfPeriod", BPF_PROG_TYPE_PERF_EVENT, "cpu-clock:period=250000",
	 "perf cpu-clock every 250000 ns on every CPU", nullptr},
	{"PerfZeroFreq", BPF_PROG_TYPE_PERF_EVENT, "cpu-clock:freq=0", nullptr, "positive whole number"},
	{"PerfOtherEvent", BPF_PROG_TYPE_PERF_EVENT, "cycles", nullptr, "'cpu-clock:freq=HZ'"},
};

INSTANTIATE_TEST_SUITE_P(, DescriptorTarget, ::testing::ValuesIn(descriptor_cases),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(DescriptorTypes, UnattachableTypeIsNotSupported)
{
	Result<AttachTarget> target = target_from_descriptor(BPF_PROG_TYPE_SOCKET_FILTER, "");
	ASSERT_FALSE(target);
	EXPECT_EQ(target.error().code(), ENOTSUP);
	EXPECT_NE(target.error().message().find("not socket_filter programs"), std::string::npos)
		<< target.error().message();
}

TEST(AttachTarget, KindWords)
{
	EXPECT_EQ(target_kind(XdpTarget{"lo"}), "xdp");
	EXPECT_EQ(target_kind(TcTarget{"lo"}), "tc");
	EXPECT_EQ(target_kind(KprobeTarget{"f", false}), "kprobe");
	EXPECT_EQ(target_kind(KprobeTarget{"f", true}), "kretprobe");
	EXPECT_EQ(target_kind(TracepointTarget{"a", "b"}), "tracepoint");
	EXPECT_EQ(target_kind(PerfTarget{}), "perf");
}

TEST(AttachTarget, PerfOnOneCpu)
{
	PerfTarget perf;
	perf.cpu = 3;
	EXPECT_EQ(describe_target(perf), "perf cpu-clock at 1000 Hz on CPU 3");
	EXPECT_FALSE(target_has_one_link_per_cpu(perf));
	EXPECT_TRUE(target_has_one_link_per_cpu(PerfTarget{}));
	EXPECT_FALSE(target_has_one_link_per_cpu(XdpTarget{"lo"}));
}

TEST(AttachTarget, ProgramTypeMustFit)
{
	Result<void> fits = check_target_prog_type(XdpTarget{"lo"}, BPF_PROG_TYPE_KPROBE);
	ASSERT_FALSE(fits);
	EXPECT_EQ(fits.error().code(), EINVAL);
	EXPECT_EQ(fits.error().message(), "program type kprobe cannot attach to xdp lo, which takes type xdp");

	EXPECT_FALSE(check_target_prog_type(TcTarget{"lo"}, BPF_PROG_TYPE_SCHED_ACT));
	EXPECT_FALSE(check_target_prog_type(KprobeTarget{"f"}, BPF_PROG_TYPE_TRACEPOINT));
	EXPECT_FALSE(check_target_prog_type(TracepointTarget{"a", "b"}, BPF_PROG_TYPE_RAW_TRACEPOINT));
	EXPECT_TRUE(check_target_prog_type(PerfTarget{}, BPF_PROG_TYPE_PERF_EVENT));
}

TEST(TargetWords, Cpu)
{
	EXPECT_EQ(parse_cpu("all").value(), std::nullopt);
	EXPECT_EQ(parse_cpu("0").value(), 0u);
	EXPECT_EQ(parse_cpu("12").value(), 12u);
	EXPECT_FALSE(parse_cpu("-1"));
	EXPECT_FALSE(parse_cpu("1x"));
	EXPECT_FALSE(parse_cpu(""));
}

TEST(TargetWords, PositiveNumberNamesWhat)
{
	Result<std::uint64_t> n = parse_positive_number("frequency", "fast");
	ASSERT_FALSE(n);
	EXPECT_EQ(n.error().message(), "the frequency must be a positive whole number, not 'fast'");
	EXPECT_EQ(parse_positive_number("period", "100000").value(), 100000u);
}

TEST(TargetWords, DeviceNames)
{
	EXPECT_EQ(parse_device_name("lo").value(), "lo");
	EXPECT_EQ(parse_device_name("a23456789012345").value(), "a23456789012345");
	for (const char *bad : {"", ".", "..", "a/b", "a:b", "a b", "a234567890123456"})
		EXPECT_FALSE(parse_device_name(bad)) << bad;
}

std::vector<ProgramDesc> sample_descs()
{
	ProgramDesc kprobe;
	kprobe.name = "kprobe_count";
	kprobe.prog_type = BPF_PROG_TYPE_KPROBE;
	kprobe.attach_target = "__x64_sys_getppid";
	ProgramDesc tc;
	tc.name = "tc_count";
	tc.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	ProgramDesc perf;
	perf.name = "perf_count";
	perf.prog_type = BPF_PROG_TYPE_PERF_EVENT;
	return {kprobe, tc, perf};
}

TEST(AttachPlan, OneActionPerProgramInOrder)
{
	std::vector<TargetOverride> overrides = {{"tc_count", "lo:egress"}};
	Result<std::vector<AttachAction>> plan = plan_attach(sample_descs(), overrides);
	ASSERT_TRUE(plan) << plan.error().message();
	ASSERT_EQ(plan.value().size(), 3u);
	EXPECT_EQ(plan.value()[0].program, "kprobe_count");
	EXPECT_EQ(describe_target(plan.value()[0].target), "kprobe __x64_sys_getppid");
	EXPECT_EQ(plan.value()[1].program, "tc_count");
	EXPECT_EQ(describe_target(plan.value()[1].target), "tc lo egress");
	EXPECT_EQ(plan.value()[2].program, "perf_count");
	EXPECT_EQ(describe_target(plan.value()[2].target), "perf cpu-clock at 1000 Hz on every CPU");
}

TEST(AttachPlan, MissingTargetNamesProgram)
{
	Result<std::vector<AttachAction>> plan = plan_attach(sample_descs(), {});
	ASSERT_FALSE(plan);
	EXPECT_EQ(plan.error().code(), EINVAL);
	EXPECT_EQ(plan.error().message().rfind("program 'tc_count' (sched_cls): ", 0), 0u) << plan.error().message();
}

TEST(AttachPlan, LastOverrideWins)
{
	std::vector<TargetOverride> overrides = {
		{"tc_count", "lo:egress"},
		{"kprobe_count", "do_exit%return"},
		{"tc_count", "eth0:ingress"},
	};
	Result<std::vector<AttachAction>> plan = plan_attach(sample_descs(), overrides);
	ASSERT_TRUE(plan) << plan.error().message();
	EXPECT_EQ(describe_target(plan.value()[0].target), "kretprobe do_exit");
	EXPECT_EQ(describe_target(plan.value()[1].target), "tc eth0 ingress");
}

TEST(AttachPlan, OverrideOfUnknownProgram)
{
	std::vector<TargetOverride> overrides = {{"tc_cuont", "lo:egress"}};
	Result<std::vector<AttachAction>> plan = plan_attach(sample_descs(), overrides);
	ASSERT_FALSE(plan);
	EXPECT_EQ(plan.error().code(), ENOENT);
	EXPECT_EQ(plan.error().message(), "--target names program 'tc_cuont', which the image does not have "
					  "(it has kprobe_count, tc_count, perf_count)");
}

TEST(AttachPlan, UnattachableProgramType)
{
	std::vector<ProgramDesc> descs(1);
	descs[0].name = "filter";
	descs[0].prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	Result<std::vector<AttachAction>> plan = plan_attach(descs, {});
	ASSERT_FALSE(plan);
	EXPECT_EQ(plan.error().code(), ENOTSUP);
	EXPECT_EQ(plan.error().message().rfind("program 'filter' (socket_filter): rex attaches", 0), 0u)
		<< plan.error().message();
}

TEST(TargetOverride, Parses)
{
	Result<TargetOverride> o = parse_target_override("tc_count=lo:ingress");
	ASSERT_TRUE(o);
	EXPECT_EQ(o.value().program, "tc_count");
	EXPECT_EQ(o.value().target, "lo:ingress");
	/* An empty target is a target: perf_event's default. */
	EXPECT_EQ(parse_target_override("perf_count=").value().target, "");
	EXPECT_FALSE(parse_target_override("tc_count"));
	EXPECT_FALSE(parse_target_override("=lo:ingress"));
}

} // namespace
} // namespace rex
