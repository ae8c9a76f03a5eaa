/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The loaded programs of the running kernel, eBPF and Rex alike, as plain
 * values that the CLI can print without touching bpf(2) again.
 */

#include <librex/result.h>
#include <librex/runtime_status.h>

#include <linux/bpf.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

using ProgTag = std::array<std::uint8_t, BPF_TAG_SIZE>;

/*
 * Whether a loaded program is native Rex code or verified eBPF.  Exactly:
 * the Rex programs are those the kernel's Rex runtime lists in
 * /proc/rex/progs (runtime_status.h).  On a kernel without that file a
 * heuristic on bpf_prog_info stands in: a Rex program keeps the
 * placeholder librex loads it with (two xlated instructions, "r0 = 0;
 * exit", see rex_placeholder_insns()) and, never being JITed, has
 * jited_prog_len 0; an eBPF program of exactly that body run by the
 * interpreter would look the same.
 */
enum class ProgramKind { ebpf, rex };

/* "ebpf" or "rex". */
std::string_view program_kind_name(ProgramKind kind);

/* The heuristic.  Worth fetching the xlated instructions to tell: the lengths fit. */
bool may_be_rex(const bpf_prog_info &info);
/* xlated: the program's xlated instructions (at least the first two). */
ProgramKind classify_program(const bpf_prog_info &info, std::span<const bpf_insn> xlated);

struct ProgramInfo {
	std::uint32_t id = 0;
	std::uint32_t type = 0; /* enum bpf_prog_type; kept numeric for newer kernels */
	std::string name;       /* may be empty: names are optional */
	ProgTag tag = {};
	bool jited = false;
	ProgramKind kind = ProgramKind::ebpf;
	/* What the Rex runtime says about a Rex program; none for eBPF or without /proc/rex/progs. */
	std::optional<RuntimeStatus> runtime;
	/* Zero unless run-time stats are on (sysctl kernel.bpf_stats_enabled=1). */
	std::uint64_t run_time_ns = 0;
	std::uint64_t run_cnt = 0;
};

/* The summary of one kernel bpf_prog_info record and its xlated instructions. */
ProgramInfo program_info_from_kernel(const bpf_prog_info &info, std::span<const bpf_insn> xlated = {});

/*
 * The exact kinds, from the runtime's list: a program whose id is in
 * statuses is Rex, with its status; every other one is eBPF.
 */
void apply_runtime_status(std::span<ProgramInfo> programs, std::span<const RuntimeStatus> statuses);

/* The tag as 16 lowercase hex digits, as bpftool prints it. */
std::string tag_to_hex(const ProgTag &tag);

/*
 * kernel.bpf_stats_enabled: whether the sysctl turned run-time stats on.
 * It does not show a BPF_ENABLE_STATS fd another process holds.
 */
inline constexpr const char *bpf_stats_sysctl_path = "/proc/sys/kernel/bpf_stats_enabled";
Result<bool> bpf_stats_sysctl_enabled();

/*
 * All programs loaded right now, in ascending id order, their kinds from
 * /proc/rex/progs (read after the walk, so that it lists every Rex program
 * the walk saw), or by the heuristic when the kernel has no such file.  A
 * program unloaded while the list is being taken is left out, not
 * reported as an error.
 */
Result<std::vector<ProgramInfo>> list_programs();

} // namespace rex
