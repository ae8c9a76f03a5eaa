/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The loaded programs of the running kernel, eBPF and Rex alike, as plain
 * values that the CLI can print without touching bpf(2) again.
 */

#include <librex/result.h>

#include <linux/bpf.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

using ProgTag = std::array<std::uint8_t, BPF_TAG_SIZE>;

/*
 * Whether a loaded program is native Rex code or verified eBPF.  The kernel
 * does not say so yet, so this is a heuristic on existing bpf_prog_info
 * fields: a Rex program keeps the placeholder librex loads it with (two
 * xlated instructions, "r0 = 0; exit", see rex_placeholder_insns()) and,
 * never being JITed, has jited_prog_len 0.  An eBPF program of exactly that
 * body run by the interpreter would look the same.
 */
enum class ProgramKind { ebpf, rex };

/* "ebpf" or "rex". */
std::string_view program_kind_name(ProgramKind kind);

/* Worth fetching the xlated instructions to tell: the lengths fit. */
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
	/* Zero unless run-time stats are on (sysctl kernel.bpf_stats_enabled=1). */
	std::uint64_t run_time_ns = 0;
	std::uint64_t run_cnt = 0;
};

/* The summary of one kernel bpf_prog_info record and its xlated instructions. */
ProgramInfo program_info_from_kernel(const bpf_prog_info &info, std::span<const bpf_insn> xlated = {});

/* The tag as 16 lowercase hex digits, as bpftool prints it. */
std::string tag_to_hex(const ProgTag &tag);

/*
 * kernel.bpf_stats_enabled: whether the sysctl turned run-time stats on.
 * It does not show a BPF_ENABLE_STATS fd another process holds.
 */
inline constexpr const char *bpf_stats_sysctl_path = "/proc/sys/kernel/bpf_stats_enabled";
Result<bool> bpf_stats_sysctl_enabled();

/*
 * All programs loaded right now, in ascending id order.  A program unloaded
 * while the list is being taken is left out, not reported as an error.
 */
Result<std::vector<ProgramInfo>> list_programs();

} // namespace rex
