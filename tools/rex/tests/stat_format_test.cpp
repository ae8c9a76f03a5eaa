// SPDX-License-Identifier: GPL-2.0
/* rex stat: which programs, the deltas of --watch, the table and the JSON. */
#include "stat_command.h"

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <vector>

namespace rex::cli {
namespace {

std::vector<ProgramInfo> sample_programs()
{
	ProgramInfo filter;
	filter.id = 3;
	filter.type = BPF_PROG_TYPE_CGROUP_SKB;
	filter.run_cnt = 10;
	filter.run_time_ns = 1000;

	ProgramInfo kprobe;
	kprobe.id = 40;
	kprobe.type = BPF_PROG_TYPE_KPROBE;
	kprobe.name = "kprobe_count";
	kprobe.kind = ProgramKind::rex;
	kprobe.run_cnt = 3;
	kprobe.run_time_ns = 1000;

	ProgramInfo xdp;
	xdp.id = 41;
	xdp.type = BPF_PROG_TYPE_XDP;
	xdp.name = "xdp_count";
	xdp.kind = ProgramKind::rex;
	xdp.runtime = RuntimeStatus{41, "xdp_count", ProgState::faulted, PanicPolicy::crash_stop, 1, 0, 1289};

	return {filter, kprobe, xdp};
}

RuntimeStatus status(std::uint32_t id, std::uint64_t panics, std::uint64_t timeouts, std::uint64_t skipped,
		     ProgState state = ProgState::ok)
{
	return RuntimeStatus{id, "p", state, PanicPolicy::keep_running, panics, timeouts, skipped};
}

TEST(StatRows, RexProgramsOnlyUnlessAll)
{
	std::vector<ProgramInfo> programs = sample_programs();
	std::vector<StatRow> rex = stat_rows(programs, false);
	ASSERT_EQ(rex.size(), 2u);
	EXPECT_EQ(rex[0].id, 40u);
	EXPECT_EQ(rex[1].id, 41u);
	EXPECT_EQ(stat_rows(programs, true).size(), 3u);
}

TEST(StatRows, AverageIsRunTimeOverRuns)
{
	std::vector<StatRow> rows = stat_rows(sample_programs(), true);
	EXPECT_EQ(average_ns(rows[0]), 100u);
	EXPECT_EQ(average_ns(rows[1]), 333u) << "rounded down";
	EXPECT_EQ(average_ns(rows[2]), std::nullopt) << "never ran";
}

TEST(StatDelta, ChangeByIdAndNewProgramsFromZero)
{
	std::vector<StatRow> before = {
		{40, BPF_PROG_TYPE_KPROBE, "kprobe_count", ProgramKind::rex, 3, 1000, std::nullopt},
		{41, BPF_PROG_TYPE_XDP, "xdp_count", ProgramKind::rex, 5, 500, std::nullopt},
	};
	std::vector<StatRow> after = {
		{40, BPF_PROG_TYPE_KPROBE, "kprobe_count", ProgramKind::rex, 13, 3000, std::nullopt},
		{42, BPF_PROG_TYPE_XDP, "new", ProgramKind::rex, 2, 80, std::nullopt},
	};
	std::vector<StatRow> delta = stat_delta(before, after);
	ASSERT_EQ(delta.size(), 2u) << "41 was unloaded meanwhile";
	EXPECT_EQ(delta[0].id, 40u);
	EXPECT_EQ(delta[0].run_cnt, 10u);
	EXPECT_EQ(delta[0].run_time_ns, 2000u);
	EXPECT_EQ(delta[1].id, 42u);
	EXPECT_EQ(delta[1].run_cnt, 2u);
	EXPECT_EQ(delta[1].run_time_ns, 80u);
}

TEST(StatDelta, RuntimeCountersAreDeltasStateIsLatest)
{
	std::vector<StatRow> before = {
		{40, BPF_PROG_TYPE_KPROBE, "a", ProgramKind::rex, 0, 0, status(40, 1, 2, 10)},
		{41, BPF_PROG_TYPE_XDP, "b", ProgramKind::rex, 0, 0, std::nullopt},
	};
	std::vector<StatRow> after = {
		{40, BPF_PROG_TYPE_KPROBE, "a", ProgramKind::rex, 0, 0, status(40, 2, 2, 15, ProgState::faulted)},
		{41, BPF_PROG_TYPE_XDP, "b", ProgramKind::rex, 0, 0, status(41, 4, 0, 7)},
	};
	std::vector<StatRow> delta = stat_delta(before, after);
	ASSERT_EQ(delta.size(), 2u);
	ASSERT_TRUE(delta[0].runtime);
	EXPECT_EQ(delta[0].runtime->panics, 1u);
	EXPECT_EQ(delta[0].runtime->timeouts, 0u);
	EXPECT_EQ(delta[0].runtime->skipped, 5u);
	EXPECT_EQ(delta[0].runtime->state, ProgState::faulted);
	ASSERT_TRUE(delta[1].runtime) << "no status before: counts from zero";
	EXPECT_EQ(delta[1].runtime->panics, 4u);
	EXPECT_EQ(delta[1].runtime->skipped, 7u);
}

TEST(StatRows, CarryTheRuntimeStatus)
{
	std::vector<StatRow> rows = stat_rows(sample_programs(), false);
	ASSERT_EQ(rows.size(), 2u);
	EXPECT_FALSE(rows[0].runtime);
	ASSERT_TRUE(rows[1].runtime);
	EXPECT_EQ(rows[1].runtime->skipped, 1289u);
}

TEST(StatTable, ColumnsAndDashes)
{
	EXPECT_EQ(format_stat_table(stat_rows(sample_programs(), true)),
		  "ID  TYPE        NAME          KIND  STATE    POLICY      RUNS  RUN_TIME_NS  AVG_NS  PANICS  "
		  "TIMEOUTS  SKIPPED\n"
		  " 3  cgroup_skb  -             ebpf  -        -             10         1000     100       -  "
		  "       -        -\n"
		  "40  kprobe      kprobe_count  rex   -        -              3         1000     333       -  "
		  "       -        -\n"
		  "41  xdp         xdp_count     rex   faulted  crash-stop     0            0       -       1  "
		  "       0     1289\n");
}

TEST(StatTable, EmptyIsHeaderOnly)
{
	EXPECT_EQ(format_stat_table({}),
		  "ID  TYPE  NAME  KIND  STATE  POLICY  RUNS  RUN_TIME_NS  AVG_NS  PANICS  TIMEOUTS  SKIPPED\n");
}

TEST(StatJson, ObjectWithContextAndPrograms)
{
	StatContext context;
	context.stats_enabled = true;
	context.watch_s = 5;
	std::vector<StatRow> rows = stat_rows(sample_programs(), false);
	EXPECT_EQ(format_stat_json(rows, context),
		  "{\"stats_enabled\":true,\"watch_seconds\":5,\"programs\":["
		  "{\"id\":40,\"type\":\"kprobe\",\"name\":\"kprobe_count\",\"kind\":\"rex\",\"state\":null,"
		  "\"policy\":null,\"run_cnt\":3,\"run_time_ns\":1000,\"avg_ns\":333,\"panics\":null,"
		  "\"timeouts\":null,\"skipped\":null},"
		  "{\"id\":41,\"type\":\"xdp\",\"name\":\"xdp_count\",\"kind\":\"rex\",\"state\":\"faulted\","
		  "\"policy\":\"crash-stop\",\"run_cnt\":0,\"run_time_ns\":0,\"avg_ns\":null,\"panics\":1,"
		  "\"timeouts\":0,\"skipped\":1289}]}\n");
}

TEST(StatJson, NoWatchIsNull)
{
	EXPECT_EQ(format_stat_json({}, StatContext{}),
		  "{\"stats_enabled\":false,\"watch_seconds\":null,\"programs\":[]}\n");
}

TEST(StatNote, SaysHowToTurnStatsOn)
{
	std::string note = stats_off_note();
	EXPECT_NE(note.find("kernel.bpf_stats_enabled is 0"), std::string::npos) << note;
	EXPECT_NE(note.find("rex stat --enable-stats --watch <seconds>"), std::string::npos) << note;
	EXPECT_NE(note.find("sysctl -w kernel.bpf_stats_enabled=1"), std::string::npos) << note;
}

} // namespace
} // namespace rex::cli
