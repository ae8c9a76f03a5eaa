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
#include <string>
#include <vector>

namespace rex {

using ProgTag = std::array<std::uint8_t, BPF_TAG_SIZE>;

struct ProgramInfo {
	std::uint32_t id = 0;
	std::uint32_t type = 0; /* enum bpf_prog_type; kept numeric for newer kernels */
	std::string name;       /* may be empty: names are optional */
	ProgTag tag = {};
	bool jited = false;
	/* Zero unless run-time stats are on (sysctl kernel.bpf_stats_enabled=1). */
	std::uint64_t run_time_ns = 0;
	std::uint64_t run_cnt = 0;
};

/* The summary of one kernel bpf_prog_info record. */
ProgramInfo program_info_from_kernel(const bpf_prog_info &info);

/* The tag as 16 lowercase hex digits, as bpftool prints it. */
std::string tag_to_hex(const ProgTag &tag);

/*
 * All programs loaded right now, in ascending id order.  A program unloaded
 * while the list is being taken is left out, not reported as an error.
 */
Result<std::vector<ProgramInfo>> list_programs();

} // namespace rex
