/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The perf events that kprobe, tracepoint and perf_event programs attach
 * through: perf_event_open(2) of a kprobe PMU event, a tracepoint or the
 * cpu-clock software event, then BPF_LINK_CREATE with BPF_PERF_EVENT (the
 * link holds the event from then on, so its fd may be closed).
 *
 * The *_attr() builders and the parse_*() readers of sysfs text are pure;
 * read_*() and open_event() touch the system.
 */

#include <librex/attach_target.h>
#include <librex/result.h>
#include <librex/unique_fd.h>

#include <linux/perf_event.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rex::perf {

inline constexpr std::string_view kprobe_pmu_dir = "/sys/bus/event_source/devices/kprobe";
inline constexpr std::string_view online_cpus_path = "/sys/devices/system/cpu/online";

/* The kprobe PMU as sysfs describes it. */
struct KprobePmu {
	std::uint32_t type = 0;         /* perf_event_attr.type: kprobe/type */
	std::uint32_t retprobe_bit = 0; /* the config bit of kprobe/format/retprobe */
};

/* kprobe/type: "6\n". */
Result<std::uint32_t> parse_pmu_type(std::string_view text);
/* A one-bit PMU format, e.g. kprobe/format/retprobe: "config:0\n". */
Result<std::uint32_t> parse_config_bit(std::string_view text);
/* tracefs events/CAT/EVENT/id: "1234\n". */
Result<std::uint64_t> parse_tracepoint_id(std::string_view text);
/* A kernel CPU list such as /sys/devices/system/cpu/online: "0-3,6\n". */
Result<std::vector<std::uint32_t>> parse_cpu_list(std::string_view text);

/*
 * A kprobe PMU event on target.symbol (config1 points into target, which
 * must outlive the perf_event_open call), at the return for a kretprobe.
 */
perf_event_attr kprobe_attr(const KprobePmu &pmu, const KprobeTarget &target);
/* A PERF_TYPE_TRACEPOINT event with the tracepoint's id. */
perf_event_attr tracepoint_attr(std::uint64_t id);
/* PERF_COUNT_SW_CPU_CLOCK sampling at target.freq_hz, or every target.period_ns. */
perf_event_attr cpu_clock_attr(const PerfTarget &target);
/*
 * The event a perf event array's slot holds for bpf_perf_event_output()
 * (events.h): PERF_COUNT_SW_BPF_OUTPUT, every output a PERF_SAMPLE_RAW
 * sample, each waking the reader.
 */
perf_event_attr bpf_output_attr();

/* The kprobe PMU; retprobe_bit is read only when need_retprobe. */
Result<KprobePmu> read_kprobe_pmu(bool need_retprobe);
/* The id of a tracepoint, from tracefs (tracefs.h). */
Result<std::uint64_t> read_tracepoint_id(const TracepointTarget &tracepoint);
Result<std::vector<std::uint32_t>> read_online_cpus();

/*
 * perf_event_open(attr) for every process on cpu (kprobe and tracepoint
 * events fire on all CPUs whichever cpu is given); what names the event
 * in the error.
 */
Result<UniqueFd> open_event(const perf_event_attr &attr, std::uint32_t cpu, std::string_view what);

} // namespace rex::perf
