/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * `rex map`: the entries of a pinned map, read and changed with the
 * BPF_MAP_*_ELEM commands, shown for people or as JSON.  Keys and values
 * are bytes (map_data.h); what they mean depends on the map type: per-CPU
 * maps hold a value per possible CPU, stack_trace maps call stacks, queue
 * and stack maps values without keys.
 */

#include "args.h"

#include <librex/error.h>
#include <librex/maps.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rex::cli {

/* How the entries of a map are shown. */
struct MapView {
	MapInfo info;
	std::vector<std::uint32_t> cpus; /* per-CPU maps: the possible CPUs, in slot order */
};

/*
 * Why verb does not work on maps of type, and what does instead; nullopt
 * when it does.  E.g. dump of a ringbuf: its records are read through
 * mmap(); delete of an array: its entries always exist.
 */
std::optional<std::string> map_verb_refusal(MapVerb verb, std::uint32_t type);

/* The return addresses of a stack_trace value, up to the first 0. */
std::vector<std::uint64_t> stack_frames(std::span<const std::uint8_t> value);

/*
 * One entry, newline-terminated: "key 1 (01 00 00 00)  value 42 (2a 00 00
 * 00 00 00 00 00)"; for per-CPU maps the key line, then "  cpu N  value
 * ..." for each possible CPU; for stack_trace maps the key line, then
 * "  0x<address>" for each frame.
 */
std::string format_map_entry(const MapView &view, const MapEntry &entry);
std::string format_map_entries(const MapView &view, std::span<const MapEntry> entries);
/* {"key":{"bytes":"01 00 00 00","int":1},"value":...}; per-CPU and stack_trace values as in rex help map. */
std::string format_map_entry_json(const MapView &view, const MapEntry &entry);
/* A JSON array of those, newline-terminated. */
std::string format_map_entries_json(const MapView &view, std::span<const MapEntry> entries);
/* A popped value: "value 60 (3c 00 00 00)", or {"value":{...}} in JSON; newline-terminated. */
std::string format_popped_value(std::span<const std::uint8_t> value);
std::string format_popped_value_json(std::span<const std::uint8_t> value);

/*
 * The stderr line for error, which the kernel returned for options.verb
 * on map view.info with key (empty for dump, pop, push): "no entry for
 * key 5 (05 00 00 00)" and the like for the errnos the user can act on,
 * else the operation and strerror.
 */
std::string format_map_error(const MapOptions &options, const MapInfo &info, std::span<const std::uint8_t> key,
			     const Error &error);

int run_map(const MapOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
