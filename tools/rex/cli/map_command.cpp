// SPDX-License-Identifier: GPL-2.0
#include "map_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "run_command.h"

#include <librex/bpf_syscall.h>
#include <librex/events.h>
#include <librex/json_writer.h>
#include <librex/map_type.h>

#include <linux/bpf.h>

#include <cerrno>
#include <cinttypes>
#include <cstring>

namespace rex::cli {

namespace {

/* By number: older build-host headers lack them. */
constexpr std::uint32_t map_type_user_ringbuf = 31;
constexpr std::uint32_t map_type_cgrp_storage = 32;
constexpr std::uint32_t map_type_arena = 33;

bool is_array_type(std::uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

bool is_queue_type(std::uint32_t type)
{
	return type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK;
}

/* The maps whose records rex map watch reads. */
bool is_event_type(std::uint32_t type)
{
	return type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

/* Why a map of type has no entries rex map can name by key; nullopt if it has. */
std::optional<std::string> no_keyed_entries(std::uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "it has no keys: rex map pop takes its next value, rex map push adds one";
	case BPF_MAP_TYPE_RINGBUF:
		return "its records are not entries: rex map watch prints them as they come (or read them by "
		       "mmap()ing the map, e.g. with libbpf's ring_buffer__new())";
	case map_type_user_ringbuf:
		return "it has no entries: user space writes records into it through mmap(), e.g. with libbpf's "
		       "user_ring_buffer__new()";
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return "its entries are perf event fds and the data lands in their perf buffers: rex map watch "
		       "opens those and prints the records (as libbpf's perf_buffer__new() would)";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "it has no keys, only values to test: bpftool map peek and push handle it";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case map_type_cgrp_storage:
		return "its keys are file descriptors (of sockets, files, tasks or cgroups) of the process that "
		       "asks, which rex map cannot name: use bpftool map";
	case BPF_MAP_TYPE_STRUCT_OPS:
		return "it holds kernel operations, not data: bpftool struct_ops shows it";
	case map_type_arena:
		return "it is memory to mmap(), not entries";
	default:
		return std::nullopt;
	}
}

std::string datum_description(std::span<const std::uint8_t> bytes)
{
	if (bytes.size() == 4 || bytes.size() == 8)
		return format_map_datum("key", bytes);
	return "key '" + format_hex_bytes(bytes) + "'";
}

void json_datum(JsonWriter &json, std::span<const std::uint8_t> bytes)
{
	json.member("bytes", format_hex_bytes(bytes)).key("int");
	if (std::optional<std::uint64_t> number = little_endian_number(bytes))
		json.value(*number);
	else
		json.null_value();
}

std::string frame_address(std::uint64_t frame)
{
	char text[32];
	std::snprintf(text, sizeof(text), "0x%" PRIx64, frame);
	return text;
}

void json_entry(JsonWriter &json, const MapView &view, const MapEntry &entry)
{
	json.begin_object().key("key").begin_object();
	json_datum(json, entry.key);
	json.end_object().key("value");
	if (is_percpu_map_type(view.info.type)) {
		json.begin_array();
		std::vector<std::span<const std::uint8_t>> values =
			percpu_values(entry.value, view.info.value_size, view.cpus.size());
		for (std::size_t i = 0; i < values.size(); i++) {
			json.begin_object().member("cpu", view.cpus[i]);
			json_datum(json, values[i]);
			json.end_object();
		}
		json.end_array();
	} else if (view.info.type == BPF_MAP_TYPE_STACK_TRACE) {
		json.begin_object().member("bytes", format_hex_bytes(entry.value)).key("frames").begin_array();
		for (std::uint64_t frame : stack_frames(entry.value))
			json.value(frame_address(frame));
		json.end_array().end_object();
	} else {
		json.begin_object();
		json_datum(json, entry.value);
		json.end_object();
	}
	json.end_object();
}

std::string_view open_error_hint(int code)
{
	switch (code) {
	case ENOENT:
		return "nothing is pinned there: rex load --pin <dir> pins each map at <dir>/<map>";
	case EACCES:
	case EPERM:
		return "is it a map pinned on a bpffs? rex map needs root (CAP_SYS_ADMIN/CAP_BPF)";
	default:
		return error_hint(code);
	}
}

/* The key or value the verb takes as size bytes; none if it takes none. */
Result<std::vector<std::uint8_t>> sized(const std::optional<MapData> &data, std::uint32_t size, std::string_view what)
{
	if (!data)
		return std::vector<std::uint8_t>();
	return map_data_bytes(*data, size, what);
}

std::uint64_t update_flag(MapUpdateMode mode)
{
	switch (mode) {
	case MapUpdateMode::create:
		return BPF_NOEXIST;
	case MapUpdateMode::replace:
		return BPF_EXIST;
	case MapUpdateMode::any:
		break;
	}
	return BPF_ANY;
}

/* What the verb prints on success (nothing for update, delete, push). */
Result<std::string> run_verb(const MapOptions &options, const PinnedMap &map, const MapView &view,
			     std::span<const std::uint8_t> key, std::span<const std::uint8_t> value, std::FILE *err)
{
	int fd = map.fd.get();
	const MapInfo &info = map.info;
	std::size_t value_size = lookup_value_size(info, view.cpus.size());
	switch (options.verb) {
	case MapVerb::dump: {
		std::vector<MapEntry> entries = REX_TRY(map_entries(fd, info, value_size));
		if (entries.empty())
			std::fprintf(err, "rex map dump: note: %s is empty\n", options.path.c_str());
		return options.json ? format_map_entries_json(view, entries) : format_map_entries(view, entries);
	}
	case MapVerb::lookup: {
		MapEntry entry{std::vector<std::uint8_t>(key.begin(), key.end()),
			       std::vector<std::uint8_t>(value_size)};
		REX_TRY(bpf::map_lookup_elem(fd, key, entry.value));
		return options.json ? format_map_entry_json(view, entry) : format_map_entry(view, entry);
	}
	case MapVerb::update: {
		std::uint64_t flag = update_flag(options.mode);
		if (is_percpu_map_type(info.type))
			REX_TRY(bpf::map_update_elem(fd, key, replicate_percpu_value(value, view.cpus.size()), flag));
		else
			REX_TRY(bpf::map_update_elem(fd, key, value, flag));
		return std::string();
	}
	case MapVerb::remove:
		REX_TRY(bpf::map_delete_elem(fd, key));
		return std::string();
	case MapVerb::pop: {
		std::vector<std::uint8_t> popped(info.value_size);
		REX_TRY(bpf::map_lookup_and_delete_elem(fd, std::nullopt, popped));
		return options.json ? format_popped_value_json(popped) : format_popped_value(popped);
	}
	case MapVerb::push:
		REX_TRY(bpf::map_update_elem(fd, std::nullopt, value, BPF_ANY));
		return std::string();
	case MapVerb::watch: /* run_watch() */
		break;
	}
	return std::string();
}

std::string command_name(const MapOptions &options)
{
	return "map " + std::string(map_verb_name(options.verb));
}

/*
 * rex map watch: what the ring buffer or perf event array prints until
 * stopped (one reader of a perf event array at a time: its events replace
 * another reader's; the kernel takes them out when rex exits).
 */
int run_watch(const MapOptions &options, const PinnedMap &map, std::FILE *out, std::FILE *err)
{
	auto opened = [&]() -> Result<events::EventReader> {
		events::EventReader reader = REX_TRY(events::EventReader::create());
		std::optional<std::vector<std::uint32_t>> cpus;
		REX_TRY(add_event_map(reader, map.fd.get(), map.info.type, map.info.name, map.info.max_entries,
				      "map watch", options.path, cpus, err));
		return reader;
	}();
	if (!opened) {
		std::fprintf(err, "%s\n", format_error("map watch", opened.error()).c_str());
		return exit_failure;
	}
	std::fprintf(err, "rex map watch: streaming the records of %s (Ctrl-C stops)\n", options.path.c_str());
	Result<int> stopped = stream_until_stopped(-1, &opened.value(), options.duration_s, out);
	if (!stopped) {
		std::fprintf(err, "%s\n", format_error("map watch", stopped.error()).c_str());
		return exit_failure;
	}
	std::fprintf(err, "rex map watch: %s\n", stopped.value() ? strsignal(stopped.value()) : "time is up");
	return exit_success;
}

} // namespace

std::optional<std::string> map_verb_refusal(MapVerb verb, std::uint32_t type)
{
	switch (verb) {
	case MapVerb::pop:
		if (!is_queue_type(type))
			return "pop takes values from queue and stack maps only: use rex map lookup and rex map delete";
		return std::nullopt;
	case MapVerb::push:
		if (!is_queue_type(type))
			return "push adds values to queue and stack maps only: use rex map update";
		return std::nullopt;
	case MapVerb::watch:
		if (!is_event_type(type))
			return "watch prints the records of ring buffers and perf event arrays only: use rex map dump";
		return std::nullopt;
	case MapVerb::dump:
	case MapVerb::lookup:
	case MapVerb::update:
	case MapVerb::remove:
		break;
	}
	if (std::optional<std::string> why = no_keyed_entries(type))
		return why;
	if (verb == MapVerb::remove && is_array_type(type))
		return "its entries always exist and cannot be deleted: set one to 0 with rex map update";
	if (verb == MapVerb::update && type == BPF_MAP_TYPE_STACK_TRACE)
		return "only programs store stacks (bpf_get_stackid()): rex map delete frees a stack id";
	return std::nullopt;
}

std::vector<std::uint64_t> stack_frames(std::span<const std::uint8_t> value)
{
	std::vector<std::uint64_t> frames;
	for (std::size_t at = 0; at + 8 <= value.size(); at += 8) {
		std::uint64_t frame = *little_endian_number(value.subspan(at, 8));
		if (frame == 0)
			break;
		frames.push_back(frame);
	}
	return frames;
}

std::string format_map_entry(const MapView &view, const MapEntry &entry)
{
	std::string text = format_map_datum("key", entry.key);
	if (is_percpu_map_type(view.info.type)) {
		text += '\n';
		std::vector<std::span<const std::uint8_t>> values =
			percpu_values(entry.value, view.info.value_size, view.cpus.size());
		for (std::size_t i = 0; i < values.size(); i++)
			text += "  cpu " + std::to_string(view.cpus[i]) + "  " + format_map_datum("value", values[i]) +
				'\n';
		return text;
	}
	if (view.info.type == BPF_MAP_TYPE_STACK_TRACE) {
		text += '\n';
		for (std::uint64_t frame : stack_frames(entry.value))
			text += "  " + frame_address(frame) + '\n';
		return text;
	}
	return text + "  " + format_map_datum("value", entry.value) + '\n';
}

std::string format_map_entries(const MapView &view, std::span<const MapEntry> entries)
{
	std::string text;
	for (const MapEntry &entry : entries)
		text += format_map_entry(view, entry);
	return text;
}

std::string format_map_entry_json(const MapView &view, const MapEntry &entry)
{
	JsonWriter json;
	json_entry(json, view, entry);
	return json.str() + "\n";
}

std::string format_map_entries_json(const MapView &view, std::span<const MapEntry> entries)
{
	JsonWriter json;
	json.begin_array();
	for (const MapEntry &entry : entries)
		json_entry(json, view, entry);
	json.end_array();
	return json.str() + "\n";
}

std::string format_popped_value(std::span<const std::uint8_t> value)
{
	return format_map_datum("value", value) + '\n';
}

std::string format_popped_value_json(std::span<const std::uint8_t> value)
{
	JsonWriter json;
	json.begin_object().key("value").begin_object();
	json_datum(json, value);
	json.end_object().end_object();
	return json.str() + "\n";
}

std::string format_map_error(const MapOptions &options, const MapInfo &info, std::span<const std::uint8_t> key,
			     const Error &error)
{
	std::string prefix = "rex " + command_name(options) + ": " + options.path + ": ";
	std::uint32_t last = info.max_entries ? info.max_entries - 1 : 0;
	std::string range = " (the array's keys are 0 to " + std::to_string(last) + ")";
	std::string kind = map_type_name(info.type);
	int code = error.code();
	switch (options.verb) {
	case MapVerb::lookup:
	case MapVerb::remove:
		if (code == ENOENT)
			return prefix + "no entry for " + datum_description(key) +
			       (is_array_type(info.type) ? range : "");
		break;
	case MapVerb::update:
		if (code == ENOENT)
			return prefix + "no entry for " + datum_description(key) +
			       " (--replace changes existing entries only; --any adds one)";
		if (code == EEXIST)
			return prefix + datum_description(key) + " has an entry already (--create adds new entries " +
			       "only; --any or --replace changes it)";
		if (code == E2BIG && is_array_type(info.type))
			return prefix + "no entry for " + datum_description(key) + range;
		if (code == E2BIG)
			return prefix + "the map is full (" + std::to_string(info.max_entries) +
			       " entries): delete one first";
		break;
	case MapVerb::pop:
		if (code == ENOENT)
			return prefix + "the " + kind + " is empty";
		break;
	case MapVerb::push:
		if (code == E2BIG)
			return prefix + "the " + kind + " is full (" + std::to_string(info.max_entries) +
			       " values): pop one first";
		break;
	case MapVerb::dump:
	case MapVerb::watch:
		break;
	}
	return format_error(command_name(options), Error(code, error.message() + " of " + options.path));
}

int run_map(const MapOptions &options, std::FILE *out, std::FILE *err)
{
	std::string command = command_name(options);
	Result<PinnedMap> opened = open_pinned_map(options.path);
	if (!opened) {
		const Error &error = opened.error();
		std::fprintf(err, "%s\n", format_error(command, error, open_error_hint(error.code())).c_str());
		return exit_failure;
	}
	const PinnedMap &map = opened.value();
	MapView view{map.info, {}};
	if (std::optional<std::string> refusal = map_verb_refusal(options.verb, map.info.type)) {
		std::string type = map_type_name(map.info.type);
		std::fprintf(err, "rex %s: %s is %s %s map: %s\n", command.c_str(), options.path.c_str(),
			     std::string_view("aeiou").find(type[0]) == std::string_view::npos ? "a" : "an",
			     type.c_str(), refusal->c_str());
		return exit_failure;
	}
	if (options.verb == MapVerb::watch)
		return run_watch(options, map, out, err);
	if (is_percpu_map_type(map.info.type)) {
		Result<std::vector<std::uint32_t>> cpus = read_possible_cpus();
		if (!cpus) {
			std::fprintf(err, "%s\n", format_error(command, cpus.error()).c_str());
			return exit_failure;
		}
		view.cpus = cpus.release_value();
	}

	/* Only now is the size known that the key and value must have. */
	Result<std::vector<std::uint8_t>> key = sized(options.key, map.info.key_size, "key");
	Result<std::vector<std::uint8_t>> value = sized(options.value, map.info.value_size, "value");
	for (const Result<std::vector<std::uint8_t>> *bytes : {&key, &value}) {
		if (!*bytes) {
			std::fprintf(err, "rex %s: %s: %s\n", command.c_str(), options.path.c_str(),
				     bytes->error().message().c_str());
			return exit_usage;
		}
	}

	Result<std::string> text = run_verb(options, map, view, key.value(), value.value(), err);
	if (!text) {
		std::fprintf(err, "%s\n", format_map_error(options, map.info, key.value(), text.error()).c_str());
		return exit_failure;
	}
	std::fputs(text.value().c_str(), out);
	return exit_success;
}

} // namespace rex::cli
