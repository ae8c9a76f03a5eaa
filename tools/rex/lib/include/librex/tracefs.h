/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * tracefs: where tracepoint ids and trace_pipe (the bpf_printk output)
 * live.  It is mounted at /sys/kernel/tracing, and on older setups only
 * under debugfs, at /sys/kernel/debug/tracing; both are tried, in order.
 */

#include <librex/result.h>

#include <array>
#include <string>
#include <string_view>

namespace rex {

inline constexpr std::array<std::string_view, 2> tracefs_dirs = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

/* What to tell a user who has no tracefs. */
inline constexpr std::string_view tracefs_mount_hint = "mount -t tracefs tracefs /sys/kernel/tracing";

/*
 * dir/entry for the first tracefs dir that has entry ("trace_pipe",
 * "events"); ENOENT naming the paths tried if none has.
 */
Result<std::string> tracefs_path(std::string_view entry);

} // namespace rex
