/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Where a program attaches: an XDP or tc hook of a network device, a kprobe
 * or kretprobe on a kernel symbol, a tracepoint, or a cpu-clock perf event.
 * `rex attach` builds targets from its command line; `rex run` from the
 * attach_target string of each program's descriptor, whose convention is
 * (the program type says which applies):
 *
 *	xdp         "DEV", "DEV:generic" or "DEV:native"   (no mode: the kernel picks)
 *	sched_cls   "DEV:ingress" or "DEV:egress"          (a tcx link)
 *	kprobe      "SYMBOL" (entry) or "SYMBOL%return"    (return, as in kprobe_events)
 *	tracepoint  "CATEGORY/EVENT"
 *	perf_event  "" or "cpu-clock", with ":freq=HZ" or ":period=NS"
 *	            (default 1000 Hz), on every online CPU
 *
 * Parsing and checking are pure; attaching is in link.h.
 */

#include <librex/result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace rex {

enum class XdpMode {
	automatic, /* native if the driver supports XDP, else generic */
	generic,   /* XDP_FLAGS_SKB_MODE: any device, slower */
	native,    /* XDP_FLAGS_DRV_MODE: in the driver; fails if it has no XDP */
};

enum class TcDirection { ingress, egress };

struct XdpTarget {
	std::string device;
	XdpMode mode = XdpMode::automatic;
};

struct TcTarget {
	std::string device;
	TcDirection direction = TcDirection::ingress;
};

struct KprobeTarget {
	std::string symbol;
	bool retprobe = false; /* fires on return: a kretprobe */
};

struct TracepointTarget {
	std::string category; /* "sched" */
	std::string event;    /* "sched_process_exec" */
};

/* The software event PERF_COUNT_SW_CPU_CLOCK, sampled by frequency or period. */
struct PerfTarget {
	static constexpr std::uint64_t default_freq_hz = 1000;

	std::uint64_t freq_hz = default_freq_hz; /* 0 when sampling by period */
	std::uint64_t period_ns = 0;             /* 0 when sampling by frequency */
	std::optional<std::uint32_t> cpu;        /* nullopt: every online CPU */
};

using AttachTarget = std::variant<XdpTarget, TcTarget, KprobeTarget, TracepointTarget, PerfTarget>;

/* "xdp", "tc", "kprobe", "kretprobe", "tracepoint" or "perf": the word rex attach takes. */
std::string_view target_kind(const AttachTarget &target);

/* For messages: "xdp lo (generic)", "tc lo ingress", "perf cpu-clock 1000 Hz on every CPU". */
std::string describe_target(const AttachTarget &target);

/*
 * Whether a program of prog_type can attach there (the kernel insists on
 * the match); EINVAL with both types named if not.
 */
Result<void> check_target_prog_type(const AttachTarget &target, std::uint32_t prog_type);

/* A perf target may need one link per CPU. */
bool target_has_one_link_per_cpu(const AttachTarget &target);

/*
 * The words of a target, shared by the command line and the descriptor
 * convention.  Errors are EINVAL and say what is accepted.
 */
Result<std::string> parse_device_name(std::string_view name);
Result<XdpMode> parse_xdp_mode(std::string_view mode);           /* generic | native */
Result<TcDirection> parse_tc_direction(std::string_view direction); /* ingress | egress */
/* "SYMBOL" or "SYMBOL%return"; retprobe forces a kretprobe. */
Result<KprobeTarget> parse_kprobe_symbol(std::string_view symbol, bool retprobe);
Result<TracepointTarget> parse_tracepoint_name(std::string_view name); /* CATEGORY/EVENT */
Result<std::uint64_t> parse_positive_number(std::string_view what, std::string_view text);
/* "all" or a CPU number; nullopt means all. */
Result<std::optional<std::uint32_t>> parse_cpu(std::string_view text);

/*
 * The target a descriptor's attach_target string names for a program of
 * prog_type (the convention above).  ENOTSUP for program types rex cannot
 * attach; EINVAL for a target that does not fit the type.
 */
Result<AttachTarget> target_from_descriptor(std::uint32_t prog_type, std::string_view target);

} // namespace rex
