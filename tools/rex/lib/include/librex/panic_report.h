/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The kernel's reports of Rex programs that panicked, ran out of time or
 * stack, or faulted: /proc/rex/log (mode 0400, root only), oldest first.
 * Each report is a block of lines ended by an empty line:
 *
 *	report 7: prog 43 xdp_drop cpu 2: panic: index out of bounds at xdp_drop.cpp:31
 *	  <REX>
 *	  xdp_drop+0x4c/0x120
 *	  </REX>
 *	  bpf_prog_run_xdp+0x31/0x90
 *	<empty line>
 *
 * The first line is "report <seq>: prog <id> <name> cpu <n>: <reason>:
 * <message>", optionally followed by " at <file>:<line>"; the lines after
 * it (the stack trace, the program's frames between <REX> and </REX>) are
 * indented by two spaces.  A program without a name shows as "-" or as
 * nothing (two spaces); either parses as an empty name.
 */

#include <librex/result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

inline constexpr const char *rex_log_path = "/proc/rex/log";

/* Why the runtime stopped the program. */
enum class PanicReason {
	panic,   /* rex_panic(): a failed check in the program or support layer */
	timeout, /* the watchdog found it past its time limit */
	stack,   /* it ran out of its Rex stack */
	fault,   /* a CPU exception in its code */
};

/* "panic", "timeout", "stack" or "fault". */
std::string_view panic_reason_name(PanicReason reason);
std::optional<PanicReason> parse_panic_reason(std::string_view name);

struct SourceLocation {
	std::string file;
	std::uint32_t line = 0;
};

struct PanicReport {
	std::uint64_t seq = 0;
	std::uint32_t prog_id = 0;
	std::string prog_name;
	std::uint32_t cpu = 0;
	PanicReason reason = PanicReason::panic;
	std::string message;
	std::optional<SourceLocation> location; /* " at <file>:<line>", if given */
	std::vector<std::string> trace;         /* the indented lines, without the indent */
};

/*
 * The text of /proc/rex/log.  EBADMSG, naming the line, for anything that
 * does not follow the format; a last report without its empty line is
 * accepted.
 */
Result<std::vector<PanicReport>> parse_panic_reports(std::string_view text);

/*
 * Reads and parses path: EACCES "reading Rex reports needs root
 * (/proc/rex/log)" when it may not be opened, ENOENT "this kernel has no
 * Rex runtime (/proc/rex/log missing)" when it does not exist.
 */
Result<std::vector<PanicReport>> read_panic_reports(const std::string &path = rex_log_path);

/* A report as the kernel writes it, empty line included. */
std::string format_panic_report(const PanicReport &report);

} // namespace rex
