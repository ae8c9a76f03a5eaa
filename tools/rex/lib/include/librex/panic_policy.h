/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What the kernel does with a Rex program after it panics (or overruns its
 * time or stack): crash-stop, the default, disables it, so that later runs
 * return the program's default value without executing it; keep-running
 * lets it run again.  Chosen at load (bpf_attr.rex_flags
 * REX_LOAD_F_KEEP_RUNNING, rex load --keep-running) or by the descriptor
 * (REX_PROG_F_KEEP_RUNNING); /proc/rex/progs reports it.
 */

#include <optional>
#include <string_view>

namespace rex {

enum class PanicPolicy { crash_stop, keep_running };

/* "crash-stop" or "keep-running", as /proc/rex/progs spells them. */
std::string_view panic_policy_name(PanicPolicy policy);
std::optional<PanicPolicy> parse_panic_policy(std::string_view name);

} // namespace rex
