/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What the kernel's Rex runtime says about each loaded Rex program, from
 * /proc/rex/progs (mode 0444): a header line, then one line per program,
 * fields separated by single spaces:
 *
 *	id name state policy panics timeouts skipped
 *	42 kprobe_count ok crash-stop 0 0 0
 *	43 xdp_drop faulted crash-stop 1 0 1289
 *
 * state is ok or faulted; policy crash-stop or keep-running
 * (panic_policy.h); skipped counts the runs that returned the default
 * value without executing because the program is faulted.  A program
 * without a name shows "-", read as an empty name.  Columns a
 * newer kernel adds after these are ignored.  The file lists exactly the
 * Rex programs, which is how librex tells them from eBPF (programs.h).
 */

#include <librex/panic_policy.h>
#include <librex/result.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

inline constexpr const char *rex_progs_path = "/proc/rex/progs";

enum class ProgState { ok, faulted };

/* "ok" or "faulted". */
std::string_view prog_state_name(ProgState state);

struct RuntimeStatus {
	std::uint32_t id = 0; /* the BPF program id */
	std::string name;
	ProgState state = ProgState::ok;
	PanicPolicy policy = PanicPolicy::crash_stop;
	std::uint64_t panics = 0;
	std::uint64_t timeouts = 0;
	std::uint64_t skipped = 0;
};

/*
 * The text of /proc/rex/progs.  EBADMSG, naming the line, for anything
 * that does not follow the format.
 */
Result<std::vector<RuntimeStatus>> parse_runtime_status(std::string_view text);

/*
 * Reads and parses path.  ENOENT, "this kernel has no Rex runtime
 * (/proc/rex/progs missing)", when the file does not exist.
 */
Result<std::vector<RuntimeStatus>> read_runtime_status(const std::string &path = rex_progs_path);

/* The entry for program id, or nullptr. */
const RuntimeStatus *find_runtime_status(std::span<const RuntimeStatus> statuses, std::uint32_t id);

} // namespace rex
