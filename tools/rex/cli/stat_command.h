/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * `rex stat`: how often each program ran and for how long, from the
 * run_cnt and run_time_ns of bpf_prog_info, and for Rex programs what the
 * Rex runtime says (/proc/rex/progs: state, policy, panics, timeouts,
 * skipped runs).  The kernel counts only while
 * run-time stats are on (kernel.bpf_stats_enabled, or a BPF_ENABLE_STATS
 * fd held open): with --enable-stats --watch rex holds one for the
 * interval and shows what changed.
 */

#include "args.h"

#include <librex/programs.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rex::cli {

struct StatRow {
	std::uint32_t id = 0;
	std::uint32_t type = 0;
	std::string name;
	ProgramKind kind = ProgramKind::ebpf;
	std::uint64_t run_cnt = 0;
	std::uint64_t run_time_ns = 0;
	std::optional<RuntimeStatus> runtime; /* Rex programs, when the kernel reports them */
};

/* What the numbers mean, for the JSON output. */
struct StatContext {
	bool stats_enabled = false;           /* by the sysctl or by rex */
	std::optional<std::uint64_t> watch_s; /* rows are the change over this long */
};

/* The Rex programs, or all with all. */
std::vector<StatRow> stat_rows(std::span<const ProgramInfo> programs, bool all);
/*
 * after - before, by id: a program loaded in between counts from zero,
 * one unloaded in between is left out.  The runtime's counters (panics,
 * timeouts, skipped) are deltas too; its state and policy are after's.
 */
std::vector<StatRow> stat_delta(std::span<const StatRow> before, std::span<const StatRow> after);
/* run_time_ns / run_cnt, or nullopt when it never ran. */
std::optional<std::uint64_t> average_ns(const StatRow &row);

/*
 * ID, TYPE, NAME, KIND, STATE, POLICY, RUNS, RUN_TIME_NS, AVG_NS ("-"
 * without runs), PANICS, TIMEOUTS, SKIPPED; the runtime's columns are "-"
 * for eBPF.
 */
std::string format_stat_table(std::span<const StatRow> rows);
/*
 * {"stats_enabled":..,"watch_seconds":..|null,"programs":[{..,"avg_ns":..|null,
 * "panics":..|null,...}]}
 */
std::string format_stat_json(std::span<const StatRow> rows, const StatContext &context);
/* The stderr note when nothing turned stats on. */
std::string stats_off_note();

int run_stat(const StatOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
