/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * `rex run`: load an image, attach every program where its descriptor says
 * (attach_plan.h), stream the kernel's trace output (bpf_printk) and the
 * records of the image's ring buffers and perf event arrays (events.h) to
 * stdout until SIGINT/SIGTERM or --duration, then detach and exit.
 * Messages go to stderr, so that stdout is the output alone.
 */

#include "args.h"

#include <librex/attach_plan.h>
#include <librex/events.h>
#include <librex/result.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex::cli {

/* One line per action: "<program>: <target>", as --dry-run prints them. */
std::string format_attach_plan(std::span<const AttachAction> plan);

/*
 * One record as rex run prints it, newline-terminated:
 * "event MAP: 16 bytes: 2a 00 ..." for a ring buffer's, "event MAP cpu 1:
 * 20 bytes: ..." for a perf event array's (with the kernel's padding), or
 * "lost MAP cpu 1: 3 records".
 */
std::string format_event(const events::Event &event);

/*
 * The note for the CPUs that a perf event array of slots entries has no
 * slot for, newline-terminated; empty when cpus is:
 * "rex run: note: samples has 2 slots: CPUs 2, 3 are not read (output() fails there with E2BIG)".
 */
std::string format_left_out_cpus(std::string_view command, std::string_view map, std::uint32_t slots,
				 std::span<const std::uint32_t> cpus);

/*
 * Adds the map fd of type to events if it is a ring buffer or a perf event
 * array, and says whether it was.  For a perf event array, the online CPUs
 * are read into cpus the first time, and the CPUs without a slot get a
 * note on err (format_left_out_cpus(command, label, ...)).
 */
Result<bool> add_event_map(events::EventReader &events, int fd, std::uint32_t type, const std::string &name,
			   std::uint32_t max_entries, std::string_view command, std::string_view label,
			   std::optional<std::vector<std::uint32_t>> &cpus, std::FILE *err);

/* Prints every record events has now, as format_event() does. */
Result<void> print_events(events::EventReader &events, std::FILE *out);

/*
 * Copies what can be read from fd (non-blocking; -1 for none) to out, and
 * the records of events (nullptr for none) as format_event() prints them,
 * until SIGINT or SIGTERM arrives, or duration_s seconds have passed.
 * Returns the signal that stopped it, or 0.
 */
Result<int> stream_until_stopped(int fd, events::EventReader *events, std::optional<std::uint64_t> duration_s,
				 std::FILE *out);

int run_run(const RunOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
