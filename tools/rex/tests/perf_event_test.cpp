// SPDX-License-Identifier: GPL-2.0
/* The perf events rex attaches through: attrs and the sysfs text they come from. */
#include <librex/perf_event.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

namespace rex::perf {
namespace {

TEST(PerfEventAttr, KprobeNamesSymbolThroughConfig1)
{
	KprobePmu pmu{8, 0};
	KprobeTarget target{"__x64_sys_getppid", false};
	perf_event_attr attr = kprobe_attr(pmu, target);
	EXPECT_EQ(attr.size, sizeof(perf_event_attr));
	EXPECT_EQ(attr.type, 8u);
	EXPECT_EQ(attr.config, 0u);
	EXPECT_EQ(attr.kprobe_func, reinterpret_cast<std::uintptr_t>(target.symbol.c_str()));
	EXPECT_EQ(attr.config1, attr.kprobe_func) << "kprobe_func is config1";
	EXPECT_EQ(attr.probe_offset, 0u);
}

TEST(PerfEventAttr, KretprobeSetsTheRetprobeBit)
{
	KprobePmu pmu{8, 3};
	KprobeTarget target{"do_exit", true};
	perf_event_attr attr = kprobe_attr(pmu, target);
	EXPECT_EQ(attr.config, 1u << 3);
}

TEST(PerfEventAttr, BpfOutputSamplesRawDataOnEveryOutput)
{
	perf_event_attr attr = bpf_output_attr();
	EXPECT_EQ(attr.size, sizeof(perf_event_attr));
	EXPECT_EQ(attr.type, static_cast<std::uint32_t>(PERF_TYPE_SOFTWARE));
	EXPECT_EQ(attr.config, static_cast<std::uint64_t>(PERF_COUNT_SW_BPF_OUTPUT));
	EXPECT_EQ(attr.sample_type, static_cast<std::uint64_t>(PERF_SAMPLE_RAW));
	EXPECT_EQ(attr.sample_period, 1u);
	EXPECT_EQ(attr.wakeup_events, 1u) << "each sample wakes the reader";
	EXPECT_EQ(attr.disabled, 0u) << "counting from the start";
}

TEST(PerfEventAttr, TracepointById)
{
	perf_event_attr attr = tracepoint_attr(1234);
	EXPECT_EQ(attr.size, sizeof(perf_event_attr));
	EXPECT_EQ(attr.type, static_cast<std::uint32_t>(PERF_TYPE_TRACEPOINT));
	EXPECT_EQ(attr.config, 1234u);
}

TEST(PerfEventAttr, CpuClockByFrequency)
{
	PerfTarget target;
	target.freq_hz = 99;
	perf_event_attr attr = cpu_clock_attr(target);
	EXPECT_EQ(attr.type, static_cast<std::uint32_t>(PERF_TYPE_SOFTWARE));
	EXPECT_EQ(attr.config, static_cast<std::uint64_t>(PERF_COUNT_SW_CPU_CLOCK));
	EXPECT_EQ(attr.freq, 1u);
	EXPECT_EQ(attr.sample_freq, 99u);
}

TEST(PerfEventAttr, CpuClockByPeriod)
{
	PerfTarget target;
	target.freq_hz = 0;
	target.period_ns = 250000;
	perf_event_attr attr = cpu_clock_attr(target);
	EXPECT_EQ(attr.freq, 0u);
	EXPECT_EQ(attr.sample_period, 250000u);
}

TEST(PerfEventAttr, CpuClockDefaultsTo1000Hz)
{
	perf_event_attr attr = cpu_clock_attr(PerfTarget{});
	EXPECT_EQ(attr.freq, 1u);
	EXPECT_EQ(attr.sample_freq, 1000u);
}

TEST(PerfSysfs, PmuType)
{
	EXPECT_EQ(parse_pmu_type("6\n").value(), 6u);
	EXPECT_FALSE(parse_pmu_type("kprobe\n"));
	EXPECT_FALSE(parse_pmu_type(""));
}

TEST(PerfSysfs, ConfigBit)
{
	EXPECT_EQ(parse_config_bit("config:0\n").value(), 0u);
	EXPECT_EQ(parse_config_bit("config:12\n").value(), 12u);
	Result<std::uint32_t> bad = parse_config_bit("config1:0-63\n");
	ASSERT_FALSE(bad);
	EXPECT_EQ(bad.error().code(), EINVAL);
	EXPECT_EQ(bad.error().message(), "unexpected PMU format (expected 'config:BIT') 'config1:0-63'");
	EXPECT_FALSE(parse_config_bit("config:64"));
}

TEST(PerfSysfs, TracepointId)
{
	EXPECT_EQ(parse_tracepoint_id("318\n").value(), 318u);
	EXPECT_FALSE(parse_tracepoint_id("ID: 318\n"));
}

TEST(PerfSysfs, CpuLists)
{
	EXPECT_EQ(parse_cpu_list("0\n").value(), std::vector<std::uint32_t>({0}));
	EXPECT_EQ(parse_cpu_list("0-3\n").value(), std::vector<std::uint32_t>({0, 1, 2, 3}));
	EXPECT_EQ(parse_cpu_list("0-1,4,6-7\n").value(), std::vector<std::uint32_t>({0, 1, 4, 6, 7}));
	for (const char *bad : {"", "\n", "a", "3-1", "0-", "1,,2"})
		EXPECT_FALSE(parse_cpu_list(bad)) << bad;
}

TEST(PerfSysfs, OnlineCpusOfThisHost)
{
	Result<std::vector<std::uint32_t>> cpus = read_online_cpus();
	ASSERT_TRUE(cpus) << cpus.error().message();
	EXPECT_FALSE(cpus.value().empty());
}

} // namespace
} // namespace rex::perf
