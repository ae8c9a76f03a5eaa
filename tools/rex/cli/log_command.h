/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * `rex log`: the Rex runtime's reports of programs that panicked, ran out
 * of time or stack, or faulted (/proc/rex/log, panic_report.h), as the
 * kernel wrote them or as JSON.
 */

#include "args.h"

#include <librex/panic_report.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rex::cli {

/* The reports of program prog, or all of them. */
std::vector<PanicReport> select_reports(std::span<const PanicReport> reports, std::optional<std::uint32_t> prog);

/* The reports as /proc/rex/log has them, each ended by an empty line. */
std::string format_log_text(std::span<const PanicReport> reports);

/*
 * [{"seq":..,"prog_id":..,"prog_name":..,"cpu":..,"reason":..,"message":..,
 * "file":..|null,"line":..|null,"trace":[..]}], newline-terminated.
 */
std::string format_log_json(std::span<const PanicReport> reports);

int run_log(const LogOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
