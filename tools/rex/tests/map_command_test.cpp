// SPDX-License-Identifier: GPL-2.0
/*
 * rex map without a kernel: the parsing of its arguments and of keys and
 * values, the layout of per-CPU values, which verbs each map type takes,
 * the output for people and as JSON, and the error lines.
 */
#include "args.h"
#include "parse_helpers.h"
#include "map_command.h"
#include "map_data.h"

#include <librex/maps.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <cerrno>
#include <initializer_list>
#include <vector>

namespace rex::cli {
namespace {

using test::parse;
using test::usage_error;
using test::usage_error_text;

using Bytes = std::vector<std::uint8_t>;

MapOptions map_options(std::initializer_list<const char *> args)
{
	Result<Command> command = parse(args);
	EXPECT_TRUE(command) << (command ? "" : command.error().message());
	if (!command)
		return {};
	EXPECT_EQ(command.value().kind, CommandKind::map);
	return command.value().map;
}

/* text as a key of size bytes, or the error's message. */
Result<Bytes> key_bytes(const char *text, std::size_t size)
{
	Result<MapData> data = parse_map_data(text, "key");
	if (!data)
		return data.release_error();
	return map_data_bytes(data.value(), size, "key");
}

Bytes expect_bytes(const char *text, std::size_t size)
{
	Result<Bytes> bytes = key_bytes(text, size);
	EXPECT_TRUE(bytes) << text << ": " << (bytes ? "" : bytes.error().message());
	return bytes ? bytes.value() : Bytes();
}

std::string expect_error(const char *text, std::size_t size)
{
	Result<Bytes> bytes = key_bytes(text, size);
	EXPECT_FALSE(bytes) << text;
	if (bytes)
		return {};
	EXPECT_EQ(bytes.error().code(), EINVAL);
	return bytes.error().message();
}

/* ---- arguments ---- */

TEST(ParseMap, EachVerbWithItsArguments)
{
	MapOptions dump = map_options({"map", "dump", "/sys/fs/bpf/x/counters"});
	EXPECT_EQ(dump.verb, MapVerb::dump);
	EXPECT_EQ(dump.path, "/sys/fs/bpf/x/counters");
	EXPECT_FALSE(dump.key);
	EXPECT_FALSE(dump.value);
	EXPECT_FALSE(dump.json);

	MapOptions lookup = map_options({"map", "lookup", "p", "1", "--json"});
	EXPECT_EQ(lookup.verb, MapVerb::lookup);
	ASSERT_TRUE(lookup.key);
	EXPECT_EQ(lookup.key->text, "1");
	EXPECT_TRUE(lookup.json);

	MapOptions update = map_options({"map", "update", "p", "0x1", "2a 00 00 00"});
	EXPECT_EQ(update.verb, MapVerb::update);
	EXPECT_EQ(update.mode, MapUpdateMode::any);
	ASSERT_TRUE(update.key && update.value);
	EXPECT_EQ(update.key->number, 1u);
	EXPECT_EQ(update.value->bytes, (Bytes{0x2a, 0, 0, 0}));

	EXPECT_EQ(map_options({"map", "delete", "p", "7"}).verb, MapVerb::remove);
	EXPECT_EQ(map_options({"map", "pop", "p", "-j"}).verb, MapVerb::pop);
	EXPECT_TRUE(map_options({"map", "pop", "p", "-j"}).json);
	MapOptions push = map_options({"map", "push", "p", "60"});
	EXPECT_EQ(push.verb, MapVerb::push);
	ASSERT_TRUE(push.value);
	EXPECT_EQ(push.value->number, 60u);

	MapOptions watch = map_options({"map", "watch", "/sys/fs/bpf/x/events"});
	EXPECT_EQ(watch.verb, MapVerb::watch);
	EXPECT_EQ(watch.path, "/sys/fs/bpf/x/events");
	EXPECT_EQ(watch.duration_s, std::nullopt) << "until stopped";
	EXPECT_EQ(map_options({"map", "watch", "p", "--duration", "5"}).duration_s, std::optional<std::uint64_t>(5));
	EXPECT_EQ(map_options({"map", "watch", "--duration=2", "p"}).duration_s, std::optional<std::uint64_t>(2));
}

TEST(ParseMap, UpdateModes)
{
	EXPECT_EQ(map_options({"map", "update", "p", "1", "2", "--create"}).mode, MapUpdateMode::create);
	EXPECT_EQ(map_options({"map", "update", "--replace", "p", "1", "2"}).mode, MapUpdateMode::replace);
	EXPECT_EQ(map_options({"map", "update", "p", "1", "2", "--any"}).mode, MapUpdateMode::any);
	EXPECT_EQ(map_options({"map", "update", "p", "1", "2", "--create", "--create"}).mode, MapUpdateMode::create);
}

TEST(ParseMap, HelpWins)
{
	for (auto args : {std::initializer_list<const char *>{"map", "--help"}, {"map", "dump", "p", "-h"},
			  {"help", "map"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::help);
		EXPECT_EQ(command.value().help_topic, CommandKind::map);
	}
}

TEST(ParseMap, UsageErrors)
{
	EXPECT_EQ(usage_error({"map"}),
		  "rex map: missing the subcommand: dump, lookup, update, delete, pop, push or watch");
	EXPECT_EQ(usage_error({"map", "show", "p"}),
		  "rex map: unknown subcommand 'show': dump, lookup, update, delete, pop, push or watch");
	EXPECT_EQ(usage_error({"map", "dump", "p", "--duration", "3"}),
		  "rex map dump: --duration applies to rex map watch only");
	EXPECT_EQ(usage_error({"map", "watch", "p", "--duration"}), "rex map: option '--duration' needs a value");
	EXPECT_EQ(usage_error({"map", "watch", "p", "--duration", "0"}),
		  "rex map: the --duration seconds must be a positive whole number, not '0'");
	EXPECT_EQ(usage_error({"map", "watch", "p", "-j"}), "rex map watch: unknown option '-j'");
	EXPECT_EQ(usage_error({"map", "watch", "p", "1"}), "rex map watch: unexpected argument '1'");
	EXPECT_EQ(usage_error({"map", "dump"}),
		  "rex map dump: missing <pinned>: the path of a pinned map (rex load --pin <dir> pins each map "
		  "at <dir>/<map>)");
	EXPECT_EQ(usage_error({"map", "lookup", "p"}), "rex map lookup: missing <key>");
	EXPECT_EQ(usage_error({"map", "update", "p", "1"}), "rex map update: missing <value>");
	EXPECT_EQ(usage_error({"map", "push", "p"}), "rex map push: missing <value>");
	EXPECT_EQ(usage_error({"map", "dump", "p", "1"}), "rex map dump: unexpected argument '1'");
	EXPECT_EQ(usage_error({"map", "delete", "p", "1", "2"}), "rex map delete: unexpected argument '2'");
	EXPECT_EQ(usage_error({"map", "update", "p", "1", "2", "--json"}), "rex map update: unknown option '--json'");
	EXPECT_EQ(usage_error({"map", "push", "p", "1", "-j"}), "rex map push: unknown option '-j'");
	EXPECT_EQ(usage_error({"map", "dump", "p", "--all"}), "rex map dump: unknown option '--all'");
	EXPECT_EQ(usage_error({"map", "dump", "p", "--create"}),
		  "rex map dump: --create applies to rex map update only");
	EXPECT_EQ(usage_error({"map", "update", "p", "1", "2", "--create", "--replace"}),
		  "rex map update: --create and --replace contradict each other");
	EXPECT_EQ(usage_error({"map", "lookup", "p", "zz"}),
		  "rex map lookup: 'zz' is not a key: give an unsigned integer (42, 0x2a) or hex bytes "
		  "('2a 00 00 00' or 2a000000)");
	EXPECT_EQ(usage_error({"map", "update", "p", "1", "0x"}),
		  "rex map update: '0x' is not a value: give an unsigned integer (42, 0x2a) or hex bytes "
		  "('2a 00 00 00' or 2a000000)");
}

TEST(ParseMap, UsageErrorShowsEveryForm)
{
	Result<Command> command = parse({"map", "lookup", "p"});
	ASSERT_FALSE(command);
	const std::string &text = command.error().message();
	EXPECT_NE(text.find("\nusage: rex map dump <pinned> [--json]\n"), std::string::npos) << text;
	EXPECT_NE(text.find("\n   or: rex map pop <pinned> [--json]\n"), std::string::npos) << text;
}

TEST(MapHelp, ListedWithItsForms)
{
	EXPECT_NE(help_text().find("  map "), std::string::npos);
	std::string help = command_help_text(CommandKind::map);
	EXPECT_EQ(help.rfind("usage: rex map dump <pinned> [--json]\n", 0), 0u) << help;
	for (const char *form : {"rex map lookup <pinned> <key> [--json]",
				 "rex map update <pinned> <key> <value> [--any | --create | --replace]",
				 "rex map delete <pinned> <key>", "rex map pop <pinned> [--json]",
				 "rex map push <pinned> <value>"})
		EXPECT_NE(help.find(std::string("   or: ") + form + "\n"), std::string::npos) << form;
	EXPECT_NE(help.find("--json"), std::string::npos);
}

TEST(MapVerbName, DeleteIsRemove)
{
	EXPECT_EQ(map_verb_name(MapVerb::remove), "delete");
	EXPECT_EQ(map_verb_name(MapVerb::pop), "pop");
}

/* ---- keys and values ---- */

TEST(MapData, IntegersAreLittleEndianInTheSize)
{
	EXPECT_EQ(expect_bytes("1", 4), (Bytes{1, 0, 0, 0}));
	EXPECT_EQ(expect_bytes("42", 8), (Bytes{0x2a, 0, 0, 0, 0, 0, 0, 0}));
	EXPECT_EQ(expect_bytes("0x1234", 2), (Bytes{0x34, 0x12}));
	EXPECT_EQ(expect_bytes("0XfF", 1), (Bytes{0xff}));
	EXPECT_EQ(expect_bytes("0", 4), (Bytes{0, 0, 0, 0}));
	EXPECT_EQ(expect_bytes("4294967295", 4), (Bytes{0xff, 0xff, 0xff, 0xff}));
	EXPECT_EQ(expect_bytes("18446744073709551615", 8), (Bytes(8, 0xff)));
	EXPECT_EQ(expect_bytes("10", 1), (Bytes{10})) << "digits alone are decimal";
}

TEST(MapData, HexBytesInOrder)
{
	EXPECT_EQ(expect_bytes("0a 00 00 00", 4), (Bytes{0x0a, 0, 0, 0}));
	EXPECT_EQ(expect_bytes("0a000000", 4), (Bytes{0x0a, 0, 0, 0}));
	EXPECT_EQ(expect_bytes("01000000", 4), (Bytes{1, 0, 0, 0})) << "a leading 0 makes digits bytes";
	EXPECT_EQ(expect_bytes("10 00", 2), (Bytes{0x10, 0})) << "spaces make digits bytes";
	EXPECT_EQ(expect_bytes("0A0b 0C", 3), (Bytes{0x0a, 0x0b, 0x0c}));
	EXPECT_EQ(expect_bytes("123456", 3), (Bytes{0x12, 0x34, 0x56})) << "3 bytes: no integer size";
	EXPECT_EQ(expect_bytes("00112233445566778899aabbccddeeff", 16),
		  (Bytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
			 0xff}));
}

TEST(MapData, SizeMismatchNamesTheExpectedSize)
{
	EXPECT_EQ(expect_error("0a 00", 4),
		  "the key is 4 bytes, not 2 ('0a 00'): give an integer or 4 hex bytes ('00 00 00 00')");
	EXPECT_EQ(expect_error("0a00000000", 8),
		  "the key is 8 bytes, not 5 ('0a00000000'): give an integer or 8 hex bytes "
		  "('00 00 00 00 00 00 00 00')");
	EXPECT_EQ(expect_error("256", 1), "the key is 1 byte: '256' is larger than 255");
	EXPECT_EQ(expect_error("0x10000", 2), "the key is 2 bytes: '0x10000' is larger than 65535");
	EXPECT_EQ(expect_error("18446744073709551616", 8),
		  "the key is 8 bytes: '18446744073709551616' is larger than 18446744073709551615");
	EXPECT_EQ(expect_error("0x1", 3),
		  "the key is 3 bytes, not a size for an integer (1, 2, 4 or 8): give 3 hex bytes ('00 00 00')");
	EXPECT_EQ(expect_error("5", 3), "the key is 3 bytes: '5' is not 3 bytes in hex: give 3 hex bytes ('00 00 00')");
	EXPECT_EQ(expect_error("00", 16), "the key is 16 bytes, not 1 ('00'): give 16 hex bytes");
}

TEST(MapData, SyntaxErrors)
{
	for (const char *text : {"", " ", "zz", "-1", "0x", "0xg", "1.5", "0a0", "007", "0a 0"}) {
		Result<MapData> data = parse_map_data(text, "value");
		EXPECT_FALSE(data) << "'" << text << "'";
		if (!data)
			EXPECT_EQ(data.error().message().rfind("'" + std::string(text) + "' is not a value: ", 0), 0u)
				<< data.error().message();
	}
}

TEST(MapData, NumbersOfIntegerSizes)
{
	EXPECT_EQ(little_endian_number(Bytes{0x2a, 0, 0, 0}), 42u);
	EXPECT_EQ(little_endian_number(Bytes{0x34, 0x12}), 0x1234u);
	EXPECT_EQ(little_endian_number(Bytes(8, 0xff)), ~std::uint64_t(0));
	EXPECT_EQ(little_endian_number(Bytes{1, 2, 3}), std::nullopt);
	EXPECT_EQ(little_endian_number(Bytes{}), std::nullopt);
}

TEST(MapData, Datums)
{
	EXPECT_EQ(format_hex_bytes(Bytes{0x0a, 0, 0xff}), "0a 00 ff");
	EXPECT_EQ(format_map_datum("key", Bytes{1, 0, 0, 0}), "key 1 (01 00 00 00)");
	EXPECT_EQ(format_map_datum("value", Bytes{0x2a, 0, 0, 0, 0, 0, 0, 0}), "value 42 (2a 00 00 00 00 00 00 00)");
	EXPECT_EQ(format_map_datum("key", Bytes{1, 2}), "key: 01 02") << "a number only for 4 and 8 bytes";
	EXPECT_EQ(format_map_datum("value", Bytes{1, 2, 3}), "value: 01 02 03");
}

/* ---- per-CPU layout (librex/maps.h) ---- */

TEST(PercpuValues, SlotsAreRoundedUpToEightBytes)
{
	EXPECT_EQ(percpu_value_stride(4), 8u);
	EXPECT_EQ(percpu_value_stride(8), 8u);
	EXPECT_EQ(percpu_value_stride(9), 16u);
	EXPECT_EQ(percpu_value_stride(1), 8u);

	MapInfo array;
	array.type = BPF_MAP_TYPE_ARRAY;
	array.value_size = 4;
	EXPECT_EQ(lookup_value_size(array, 4), 4u);
	MapInfo percpu = array;
	for (std::uint32_t type : {BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH}) {
		percpu.type = type;
		EXPECT_TRUE(is_percpu_map_type(type));
		EXPECT_EQ(lookup_value_size(percpu, 4), 32u) << type;
	}
	EXPECT_FALSE(is_percpu_map_type(BPF_MAP_TYPE_HASH));
}

TEST(PercpuValues, SplitAndReplicate)
{
	Bytes buffer = {1, 0, 0, 0, 0xee, 0xee, 0xee, 0xee, 2, 0, 0, 0, 0xee, 0xee, 0xee, 0xee};
	std::vector<std::span<const std::uint8_t>> values = percpu_values(buffer, 4, 2);
	ASSERT_EQ(values.size(), 2u);
	EXPECT_EQ(Bytes(values[0].begin(), values[0].end()), (Bytes{1, 0, 0, 0}));
	EXPECT_EQ(Bytes(values[1].begin(), values[1].end()), (Bytes{2, 0, 0, 0}));

	EXPECT_EQ(replicate_percpu_value(Bytes{7, 0, 0, 0}, 2),
		  (Bytes{7, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}));
	EXPECT_EQ(replicate_percpu_value(Bytes(8, 1), 1), Bytes(8, 1));
}

/* ---- which verbs each map type takes ---- */

TEST(MapVerbRefusal, KeyedMapsTakeKeyedVerbs)
{
	for (std::uint32_t type : {BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERCPU_ARRAY,
				   BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_STACK_TRACE})
		for (MapVerb verb : {MapVerb::dump, MapVerb::lookup})
			EXPECT_EQ(map_verb_refusal(verb, type), std::nullopt) << type;
	EXPECT_EQ(map_verb_refusal(MapVerb::update, BPF_MAP_TYPE_ARRAY), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::remove, BPF_MAP_TYPE_HASH), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::remove, BPF_MAP_TYPE_STACK_TRACE), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::pop, BPF_MAP_TYPE_QUEUE), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::push, BPF_MAP_TYPE_STACK), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::watch, BPF_MAP_TYPE_RINGBUF), std::nullopt);
	EXPECT_EQ(map_verb_refusal(MapVerb::watch, BPF_MAP_TYPE_PERF_EVENT_ARRAY), std::nullopt);
}

TEST(MapVerbRefusal, SaysWhatToUseInstead)
{
	EXPECT_EQ(map_verb_refusal(MapVerb::remove, BPF_MAP_TYPE_ARRAY),
		  "its entries always exist and cannot be deleted: set one to 0 with rex map update");
	EXPECT_EQ(map_verb_refusal(MapVerb::remove, BPF_MAP_TYPE_PERCPU_ARRAY),
		  map_verb_refusal(MapVerb::remove, BPF_MAP_TYPE_ARRAY));
	EXPECT_EQ(map_verb_refusal(MapVerb::dump, BPF_MAP_TYPE_RINGBUF),
		  "its records are not entries: rex map watch prints them as they come (or read them by mmap()ing "
		  "the map, e.g. with libbpf's ring_buffer__new())");
	EXPECT_EQ(map_verb_refusal(MapVerb::dump, BPF_MAP_TYPE_PERF_EVENT_ARRAY),
		  "its entries are perf event fds and the data lands in their perf buffers: rex map watch opens "
		  "those and prints the records (as libbpf's perf_buffer__new() would)");
	for (std::uint32_t type : {BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_QUEUE})
		EXPECT_EQ(map_verb_refusal(MapVerb::watch, type),
			  "watch prints the records of ring buffers and perf event arrays only: use rex map dump")
			<< type;
	EXPECT_EQ(map_verb_refusal(MapVerb::lookup, BPF_MAP_TYPE_QUEUE),
		  "it has no keys: rex map pop takes its next value, rex map push adds one");
	EXPECT_EQ(map_verb_refusal(MapVerb::pop, BPF_MAP_TYPE_HASH),
		  "pop takes values from queue and stack maps only: use rex map lookup and rex map delete");
	EXPECT_EQ(map_verb_refusal(MapVerb::push, BPF_MAP_TYPE_ARRAY),
		  "push adds values to queue and stack maps only: use rex map update");
	EXPECT_EQ(map_verb_refusal(MapVerb::update, BPF_MAP_TYPE_STACK_TRACE),
		  "only programs store stacks (bpf_get_stackid()): rex map delete frees a stack id");
	for (std::uint32_t type : {BPF_MAP_TYPE_BLOOM_FILTER, BPF_MAP_TYPE_SK_STORAGE, BPF_MAP_TYPE_STRUCT_OPS,
				   BPF_MAP_TYPE_TASK_STORAGE})
		for (MapVerb verb : {MapVerb::dump, MapVerb::lookup, MapVerb::update, MapVerb::remove})
			EXPECT_NE(map_verb_refusal(verb, type), std::nullopt) << type;
}

/* ---- output ---- */

MapView view_of(std::uint32_t type, std::uint32_t key_size, std::uint32_t value_size,
		std::vector<std::uint32_t> cpus = {})
{
	MapView view;
	view.info.type = type;
	view.info.key_size = key_size;
	view.info.value_size = value_size;
	view.info.max_entries = 2;
	view.cpus = std::move(cpus);
	return view;
}

/* xdp_count's counters after 10 packets of 64 bytes. */
std::vector<MapEntry> counters()
{
	return {
		{{0, 0, 0, 0}, {10, 0, 0, 0, 0, 0, 0, 0}},
		{{1, 0, 0, 0}, {0x80, 2, 0, 0, 0, 0, 0, 0}},
	};
}

TEST(MapFormat, PlainEntries)
{
	MapView view = view_of(BPF_MAP_TYPE_ARRAY, 4, 8);
	EXPECT_EQ(format_map_entries(view, counters()),
		  "key 0 (00 00 00 00)  value 10 (0a 00 00 00 00 00 00 00)\n"
		  "key 1 (01 00 00 00)  value 640 (80 02 00 00 00 00 00 00)\n");
	EXPECT_EQ(format_map_entries(view, {}), "");
}

TEST(MapFormat, SizesWithoutANumber)
{
	MapView view = view_of(BPF_MAP_TYPE_HASH, 3, 2);
	MapEntry entry{{1, 2, 3}, {0xff, 0}};
	EXPECT_EQ(format_map_entry(view, entry), "key: 01 02 03  value: ff 00\n");
	EXPECT_EQ(format_map_entry_json(view, entry),
		  "{\"key\":{\"bytes\":\"01 02 03\",\"int\":null},\"value\":{\"bytes\":\"ff 00\",\"int\":255}}\n");
}

TEST(MapFormat, PlainJson)
{
	MapView view = view_of(BPF_MAP_TYPE_ARRAY, 4, 8);
	EXPECT_EQ(format_map_entries_json(view, counters()),
		  "[{\"key\":{\"bytes\":\"00 00 00 00\",\"int\":0},"
		  "\"value\":{\"bytes\":\"0a 00 00 00 00 00 00 00\",\"int\":10}},"
		  "{\"key\":{\"bytes\":\"01 00 00 00\",\"int\":1},"
		  "\"value\":{\"bytes\":\"80 02 00 00 00 00 00 00\",\"int\":640}}]\n");
	EXPECT_EQ(format_map_entry_json(view, counters()[1]),
		  "{\"key\":{\"bytes\":\"01 00 00 00\",\"int\":1},"
		  "\"value\":{\"bytes\":\"80 02 00 00 00 00 00 00\",\"int\":640}}\n");
	EXPECT_EQ(format_map_entries_json(view, {}), "[]\n");
}

TEST(MapFormat, PercpuShowsEachPossibleCpu)
{
	/* A 4-byte value on CPUs 0 and 2: slots of 8 bytes, the last 4 padding. */
	MapView view = view_of(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, {0, 2});
	MapEntry entry{{0, 0, 0, 0}, {3, 0, 0, 0, 0xee, 0xee, 0xee, 0xee, 5, 0, 0, 0, 0xee, 0xee, 0xee, 0xee}};
	EXPECT_EQ(format_map_entry(view, entry),
		  "key 0 (00 00 00 00)\n"
		  "  cpu 0  value 3 (03 00 00 00)\n"
		  "  cpu 2  value 5 (05 00 00 00)\n");
	EXPECT_EQ(format_map_entry_json(view, entry),
		  "{\"key\":{\"bytes\":\"00 00 00 00\",\"int\":0},\"value\":["
		  "{\"cpu\":0,\"bytes\":\"03 00 00 00\",\"int\":3},"
		  "{\"cpu\":2,\"bytes\":\"05 00 00 00\",\"int\":5}]}\n");
}

TEST(MapFormat, StackTraceShowsFramesUpToTheFirstZero)
{
	MapView view = view_of(BPF_MAP_TYPE_STACK_TRACE, 4, 24);
	MapEntry entry{{3, 0, 0, 0},
		       {0x67, 0x45, 0x23, 0x81, 0xff, 0xff, 0xff, 0xff, 0x10, 0x00, 0x00, 0x81, 0xff, 0xff, 0xff, 0xff,
			0, 0, 0, 0, 0, 0, 0, 0}};
	EXPECT_EQ(stack_frames(entry.value), (std::vector<std::uint64_t>{0xffffffff81234567, 0xffffffff81000010}));
	EXPECT_EQ(format_map_entry(view, entry),
		  "key 3 (03 00 00 00)\n"
		  "  0xffffffff81234567\n"
		  "  0xffffffff81000010\n");
	EXPECT_EQ(format_map_entry_json(view, entry),
		  "{\"key\":{\"bytes\":\"03 00 00 00\",\"int\":3},\"value\":{\"bytes\":\"67 45 23 81 ff ff ff ff "
		  "10 00 00 81 ff ff ff ff 00 00 00 00 00 00 00 00\","
		  "\"frames\":[\"0xffffffff81234567\",\"0xffffffff81000010\"]}}\n");
}

TEST(MapFormat, StackTraceStopsAtZeroEvenIfMoreFollow)
{
	Bytes value(24, 0);
	value[16] = 1;
	EXPECT_TRUE(stack_frames(value).empty());
	EXPECT_EQ(format_map_entry(view_of(BPF_MAP_TYPE_STACK_TRACE, 4, 24), MapEntry{{1, 0, 0, 0}, value}),
		  "key 1 (01 00 00 00)\n");
}

TEST(MapFormat, PoppedValue)
{
	Bytes value = {0x3c, 0, 0, 0};
	EXPECT_EQ(format_popped_value(value), "value 60 (3c 00 00 00)\n");
	EXPECT_EQ(format_popped_value_json(value), "{\"value\":{\"bytes\":\"3c 00 00 00\",\"int\":60}}\n");
}

/* ---- errors ---- */

MapOptions options_for(MapVerb verb, MapUpdateMode mode = MapUpdateMode::any)
{
	MapOptions options;
	options.verb = verb;
	options.path = "/sys/fs/bpf/x/m";
	options.mode = mode;
	return options;
}

TEST(MapError, AbsentKey)
{
	MapInfo hash = view_of(BPF_MAP_TYPE_HASH, 4, 8).info;
	Bytes key = {5, 0, 0, 0};
	EXPECT_EQ(format_map_error(options_for(MapVerb::lookup), hash, key, Error(ENOENT, "BPF_MAP_LOOKUP_ELEM")),
		  "rex map lookup: /sys/fs/bpf/x/m: no entry for key 5 (05 00 00 00)");
	EXPECT_EQ(format_map_error(options_for(MapVerb::remove), hash, key, Error(ENOENT, "BPF_MAP_DELETE_ELEM")),
		  "rex map delete: /sys/fs/bpf/x/m: no entry for key 5 (05 00 00 00)");
	MapInfo odd = view_of(BPF_MAP_TYPE_HASH, 2, 8).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::lookup), odd, Bytes{1, 2}, Error(ENOENT, "x")),
		  "rex map lookup: /sys/fs/bpf/x/m: no entry for key '01 02'");
	MapInfo array = view_of(BPF_MAP_TYPE_ARRAY, 4, 8).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::lookup), array, key, Error(ENOENT, "x")),
		  "rex map lookup: /sys/fs/bpf/x/m: no entry for key 5 (05 00 00 00) (the array's keys are 0 to 1)");
}

TEST(MapError, UpdateModes)
{
	MapInfo hash = view_of(BPF_MAP_TYPE_HASH, 4, 8).info;
	Bytes key = {1, 0, 0, 0};
	EXPECT_EQ(format_map_error(options_for(MapVerb::update, MapUpdateMode::create), hash, key, Error(EEXIST, "x")),
		  "rex map update: /sys/fs/bpf/x/m: key 1 (01 00 00 00) has an entry already (--create adds new "
		  "entries only; --any or --replace changes it)");
	EXPECT_EQ(format_map_error(options_for(MapVerb::update, MapUpdateMode::replace), hash, key,
				   Error(ENOENT, "x")),
		  "rex map update: /sys/fs/bpf/x/m: no entry for key 1 (01 00 00 00) (--replace changes existing "
		  "entries only; --any adds one)");
	EXPECT_EQ(format_map_error(options_for(MapVerb::update), hash, key, Error(E2BIG, "x")),
		  "rex map update: /sys/fs/bpf/x/m: the map is full (2 entries): delete one first");
	MapInfo array = view_of(BPF_MAP_TYPE_ARRAY, 4, 8).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::update), array, Bytes{9, 0, 0, 0}, Error(E2BIG, "x")),
		  "rex map update: /sys/fs/bpf/x/m: no entry for key 9 (09 00 00 00) (the array's keys are 0 to 1)");
}

TEST(MapError, QueueEmptyAndFull)
{
	MapInfo queue = view_of(BPF_MAP_TYPE_QUEUE, 0, 4).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::pop), queue, {}, Error(ENOENT, "x")),
		  "rex map pop: /sys/fs/bpf/x/m: the queue is empty");
	MapInfo stack = view_of(BPF_MAP_TYPE_STACK, 0, 4).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::push), stack, {}, Error(E2BIG, "x")),
		  "rex map push: /sys/fs/bpf/x/m: the stack is full (2 values): pop one first");
}

TEST(MapError, OthersNameTheCommandAndErrno)
{
	MapInfo hash = view_of(BPF_MAP_TYPE_HASH, 4, 8).info;
	EXPECT_EQ(format_map_error(options_for(MapVerb::dump), hash, {}, Error(EPERM, "BPF_MAP_GET_NEXT_KEY")),
		  "rex map dump: BPF_MAP_GET_NEXT_KEY of /sys/fs/bpf/x/m: Operation not permitted (run as root or "
		  "with CAP_SYS_ADMIN/CAP_BPF)");
	EXPECT_EQ(format_map_error(options_for(MapVerb::update), hash, Bytes{1, 0, 0, 0},
				   Error(EINVAL, "BPF_MAP_UPDATE_ELEM")),
		  "rex map update: BPF_MAP_UPDATE_ELEM of /sys/fs/bpf/x/m: Invalid argument");
}

} // namespace
} // namespace rex::cli
