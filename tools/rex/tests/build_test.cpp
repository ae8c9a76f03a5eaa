// SPDX-License-Identifier: GPL-2.0
/*
 * rex build, end to end: each sample builds into an image with the
 * descriptors its source declares, the metadata filled in and only direct
 * calls to BPF helpers; what must be refused is refused, precisely.
 */
#include "build_info.h"
#include "run_process.h"
#include "test_data.h"

#include <librex/build.h>
#include <librex/process.h>
#include <librex/elf_object.h>
#include <librex/image.h>
#include <librex/image_checks.h>
#include <librex/object_code.h>
#include <librex/x86_decode.h>
#include <librex/sha256.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>
#include <linux/rex.h>

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdlib.h>

namespace rex::testing {
namespace {

ProcessResult rex_build(std::vector<std::string> args)
{
	args.insert(args.begin(), {REX_BINARY_PATH, "build"});
	return run_process(args);
}

std::string sample_source(const std::string &name)
{
	return std::string(REX_SAMPLES_DIR) + "/" + name + "/" + name + ".cpp";
}

void write_text(const std::string &path, const std::string &text)
{
	std::ofstream(path) << text;
}

struct ExpectedMap {
	std::string name;
	std::uint32_t type, key_size, value_size, max_entries;
};

struct SampleCase {
	std::string name;
	std::uint32_t prog_type;
	std::string target;
	std::optional<std::int64_t> default_ret;
	ExpectedMap map;
};

void PrintTo(const SampleCase &sample, std::ostream *os)
{
	*os << sample.name;
}

const SampleCase samples[] = {
	{"xdp_count", BPF_PROG_TYPE_XDP, "", XDP_PASS, {"counters", BPF_MAP_TYPE_ARRAY, 4, 8, 2}},
	{"tc_count", BPF_PROG_TYPE_SCHED_CLS, "", 0, {"packets", BPF_MAP_TYPE_ARRAY, 4, 8, 1}},
	{"kprobe_count", BPF_PROG_TYPE_KPROBE, "__x64_sys_getppid", std::nullopt,
	 {"calls", BPF_MAP_TYPE_HASH, 4, 8, 1024}},
	{"tp_exec", BPF_PROG_TYPE_TRACEPOINT, "sched/sched_process_exec", std::nullopt,
	 {"execs", BPF_MAP_TYPE_ARRAY, 4, 8, 2}},
	{"perf_count", BPF_PROG_TYPE_PERF_EVENT, "", std::nullopt, {"samples", BPF_MAP_TYPE_ARRAY, 4, 8, 8}},
};

/* Builds each sample once, unsigned, into one scratch directory. */
class SampleImage : public ::testing::TestWithParam<SampleCase> {
protected:
	static void SetUpTestSuite() { scratch_ = new ScratchDir; }
	static void TearDownTestSuite()
	{
		delete scratch_;
		scratch_ = nullptr;
	}

	void SetUp() override
	{
		image_path_ = scratch_->file(GetParam().name + ".rex");
		ProcessResult r = rex_build({"--no-sign", sample_source(GetParam().name), "-o", image_path_});
		ASSERT_EQ(r.exit_code, 0) << r.err;
		EXPECT_EQ(r.err, "");
		bytes_ = read_bytes(image_path_);
		ASSERT_FALSE(bytes_.empty());
	}

	static ScratchDir *scratch_;
	std::string image_path_;
	std::vector<std::uint8_t> bytes_;
};

ScratchDir *SampleImage::scratch_ = nullptr;

TEST_P(SampleImage, IsAnX86_64RelocatableObject)
{
	Elf64_Ehdr header;
	ASSERT_GE(bytes_.size(), sizeof(header));
	std::memcpy(&header, bytes_.data(), sizeof(header));
	EXPECT_EQ(std::memcmp(header.e_ident, ELFMAG, SELFMAG), 0);
	EXPECT_EQ(header.e_ident[EI_CLASS], ELFCLASS64);
	EXPECT_EQ(header.e_type, ET_REL);
	EXPECT_EQ(header.e_machine, EM_X86_64);
}

TEST_P(SampleImage, DeclaresItsProgram)
{
	Result<Image> image = Image::parse(bytes_);
	ASSERT_TRUE(image) << image.error().message();
	const SampleCase &sample = GetParam();
	ASSERT_EQ(image.value().programs().size(), 1u);
	const ProgramDesc &prog = image.value().programs()[0];
	EXPECT_EQ(prog.name, sample.name);
	EXPECT_EQ(prog.entry, "__rex_entry_" + sample.name);
	EXPECT_EQ(prog.prog_type, sample.prog_type);
	EXPECT_EQ(prog.expected_attach_type, 0u);
	EXPECT_EQ(prog.attach_target, sample.target);
	EXPECT_EQ(prog.default_ret, sample.default_ret);
	EXPECT_FALSE(prog.keep_running);
	EXPECT_FALSE(image.value().is_signed());
}

TEST_P(SampleImage, DeclaresItsMap)
{
	Result<Image> image = Image::parse(bytes_);
	ASSERT_TRUE(image) << image.error().message();
	const ExpectedMap &want = GetParam().map;
	ASSERT_EQ(image.value().maps().size(), 1u);
	const MapDesc &map = image.value().maps()[0];
	EXPECT_EQ(map.name, want.name);
	EXPECT_EQ(map.map_type, want.type);
	EXPECT_EQ(map.key_size, want.key_size);
	EXPECT_EQ(map.value_size, want.value_size);
	EXPECT_EQ(map.max_entries, want.max_entries);
	EXPECT_EQ(map.map_flags, 0u);
}

TEST_P(SampleImage, MetadataIsFilledIn)
{
	Result<Image> image = Image::parse(bytes_);
	ASSERT_TRUE(image) << image.error().message();
	const ImageMeta &meta = image.value().meta();

	ASSERT_TRUE(meta.stack_bound) << "a sample without recursion has a static stack bound";
	EXPECT_GE(*meta.stack_bound, 8u) << "at least the entry's return address";
	EXPECT_LE(*meta.stack_bound, 1024u) << "the samples are small";
	EXPECT_EQ(meta.toolchain.rfind("rex " + std::string(build_info::version) + " clang 19.", 0), 0u)
		<< meta.toolchain;

	/* The digest is that of the preprocessed source, as rex build preprocesses it. */
	BuildOptions options;
	options.source = sample_source(GetParam().name);
	ProcessResult pre = run_compiler(preprocess_command(BuildToolchain::configured(), options));
	ASSERT_EQ(pre.exit_code, 0) << pre.err;
	ASSERT_FALSE(pre.out.empty());
	Sha256Digest digest = sha256(std::span(reinterpret_cast<const std::uint8_t *>(pre.out.data()), pre.out.size()));
	EXPECT_EQ(std::vector<std::uint8_t>(meta.source_digest.begin(), meta.source_digest.end()),
		  std::vector<std::uint8_t>(digest.begin(), digest.end()));
}

TEST_P(SampleImage, ImportsAreHelpersCalledDirectly)
{
	Result<ElfObject> elf = ElfObject::parse(bytes_);
	ASSERT_TRUE(elf) << elf.error().message();
	CodeMap code(elf.value());
	EXPECT_TRUE(code.undecodable().empty());

	std::size_t imports = 0;
	for (const ElfSymbol &symbol : elf.value().symbols()) {
		if (symbol.index == 0 || !symbol.undefined())
			continue;
		imports++;
		/*
		 * Helpers, the ways out of the checks around them (rex/runtime.hpp),
		 * and the return thunk, which returns jump to.
		 */
		EXPECT_TRUE(symbol.name.starts_with("bpf_") || symbol.name == "rex_terminate" ||
			    symbol.name == "rex_panic" || symbol.name == "__x86_return_thunk")
			<< symbol.name;
	}
	(void)imports; /* samples using only array maps import nothing */

	for (const ElfSection &section : elf.value().sections()) {
		for (const ElfRelocation &rel : elf.value().relocations_for(section.index)) {
			EXPECT_NE(rel.type, static_cast<std::uint32_t>(R_X86_64_GOTPCREL)) << section.name;
			EXPECT_NE(rel.type, static_cast<std::uint32_t>(R_X86_64_GOTPCRELX)) << section.name;
			EXPECT_NE(rel.type, static_cast<std::uint32_t>(R_X86_64_REX_GOTPCRELX)) << section.name;
			const ElfSymbol &symbol = elf.value().symbols()[rel.symbol];
			if (!symbol.undefined())
				continue;
			EXPECT_TRUE(rel.type == R_X86_64_PLT32 || rel.type == R_X86_64_PC32)
				<< symbol.name << ": " << ElfObject::relocation_type_name(rel.type);
			EXPECT_TRUE(code.is_branch_operand(section.index, rel.offset))
				<< symbol.name << " is used other than by a call";
		}
	}
}

TEST_P(SampleImage, HasNoConstructorsOrTls)
{
	Result<ElfObject> elf = ElfObject::parse(bytes_);
	ASSERT_TRUE(elf) << elf.error().message();
	for (const ElfSection &section : elf.value().sections()) {
		EXPECT_NE(section.type, static_cast<std::uint32_t>(SHT_INIT_ARRAY)) << section.name;
		EXPECT_EQ(section.name.find(".init_array"), std::string_view::npos);
		EXPECT_EQ(section.name.find(".ctors"), std::string_view::npos);
		EXPECT_FALSE(section.flags & SHF_TLS) << section.name;
	}
}

TEST_P(SampleImage, CompileCommandsNameTheSource)
{
	std::vector<std::uint8_t> text = read_bytes(scratch_->file("compile_commands.json"));
	std::string json(text.begin(), text.end());
	EXPECT_NE(json.find("\"file\":\"" + sample_source(GetParam().name) + "\""), std::string::npos) << json;
	EXPECT_NE(json.find("\"-fno-pic\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleImage, ::testing::ValuesIn(samples),
			 [](const ::testing::TestParamInfo<SampleCase> &info) { return info.param.name; });

/* Building a throwaway program in a scratch directory. */
class RexBuild : public ::testing::Test {
protected:
	ProcessResult build(const std::string &source_text, std::vector<std::string> extra = {})
	{
		write_text(scratch_.file("prog.cpp"), source_text);
		std::vector<std::string> args = {"--no-sign", scratch_.file("prog.cpp"), "-o", scratch_.file("prog.rex")};
		args.insert(args.end(), extra.begin(), extra.end());
		return rex_build(args);
	}

	/*
	 * rex build without rex-check ($REX_CHECK set but empty): for the
	 * checks of the compiled object, which stand behind rex-check and
	 * would otherwise never see a program that breaks the source rules.
	 */
	ProcessResult build_unchecked(const std::string &source_text)
	{
		ScopedEnv no_check("REX_CHECK", "");
		return build(source_text);
	}

	std::optional<std::uint32_t> stack_bound()
	{
		Result<Image> image = Image::open(scratch_.file("prog.rex"));
		EXPECT_TRUE(image) << image.error().message();
		return image ? image.value().meta().stack_bound : std::nullopt;
	}

	ScratchDir scratch_;
};

constexpr const char *xdp_prologue = "#include <rex/rex.hpp>\n";

/* One instruction of a function: where it starts (in the function), decoded, its bytes. */
struct FunctionInstruction {
	std::uint64_t offset;
	X86Instruction insn;
	std::span<const std::uint8_t> bytes;
};

/* Every instruction of function sym, in order; a failure where one does not decode. */
std::vector<FunctionInstruction> instructions_of(const ElfObject &elf, const ElfSymbol &sym)
{
	std::vector<FunctionInstruction> out;
	std::span<const std::uint8_t> code = elf.contents(elf.sections()[sym.section]);
	if (sym.value > code.size() || code.size() - sym.value < sym.size) {
		ADD_FAILURE() << sym.name << " runs past its section";
		return out;
	}
	for (std::uint64_t pc = sym.value; pc < sym.value + sym.size;) {
		std::optional<X86Instruction> insn = decode_x86(code.subspan(pc, sym.value + sym.size - pc));
		if (!insn) {
			ADD_FAILURE() << sym.name << "+" << pc - sym.value << " does not decode";
			break;
		}
		out.push_back({pc - sym.value, *insn, code.subspan(pc, insn->length)});
		pc += insn->length;
	}
	return out;
}

TEST_F(RexBuild, RejectsOptimizationFlag)
{
	ProcessResult r = build(std::string(xdp_prologue), {"-O0"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err.rfind("rex build: flag '-O0' is not allowed: images are compiled with fixed flags; "
			      "only -D and -I can be added\n",
			      0),
		  0u)
		<< r.err;
	EXPECT_NE(r.err.find("usage: rex build"), std::string::npos);
}

TEST_F(RexBuild, RejectsPicFlag)
{
	ProcessResult r = build(std::string(xdp_prologue), {"-fpic"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_NE(r.err.find("flag '-fpic' is not allowed"), std::string::npos) << r.err;
}

TEST_F(RexBuild, RejectsReservedMacro)
{
	ProcessResult r = build(std::string(xdp_prologue), {"-DREX_HOSTED_TEST"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_NE(r.err.find("names starting with REX_ or __ belong to the support layer"), std::string::npos) << r.err;
}

TEST_F(RexBuild, RejectsNoSignWithKey)
{
	ProcessResult r = build(std::string(xdp_prologue), {"--key", "k.pem"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_NE(r.err.find("--no-sign and --key contradict each other"), std::string::npos) << r.err;
}

TEST_F(RexBuild, NewMapKindsHaveTheDescriptorsTheKernelWants)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(pending, rex::queue_map<rex::u32, 16>);\n"
				"REX_MAP(undo, rex::stack_map<rex::u64, 8>);\n"
				"REX_MAP(events, rex::perf_event_array<32>);\n"
				"REX_MAP(stacks, rex::stack_trace_map<20, 128>);\n"
				"static rex::u32 run(rex::kprobe_ctx &ctx) {\n"
				"	(void)pending.push(1);\n"
				"	(void)undo.push(2);\n"
				"	if (auto id = stacks.get_stackid(ctx))\n"
				"		(void)events.output(ctx, *id);\n"
				"	return pending.pop().value_or(0);\n"
				"}\n"
				"REX_PROGRAM(maps, run, .target = \"__x64_sys_getppid\");\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	const std::vector<MapDesc> &maps = image.value().maps();
	ASSERT_EQ(maps.size(), 4u);
	auto expect = [&](std::size_t i, const char *name, std::uint32_t type, std::uint32_t key, std::uint32_t value,
			  std::uint32_t entries) {
		EXPECT_EQ(maps[i].name, name);
		EXPECT_EQ(maps[i].map_type, type) << name;
		EXPECT_EQ(maps[i].key_size, key) << name;
		EXPECT_EQ(maps[i].value_size, value) << name;
		EXPECT_EQ(maps[i].max_entries, entries) << name;
		EXPECT_EQ(maps[i].map_flags, 0u) << name;
	};
	expect(0, "pending", BPF_MAP_TYPE_QUEUE, 0, 4, 16);
	expect(1, "undo", BPF_MAP_TYPE_STACK, 0, 8, 8);
	expect(2, "events", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 32);
	expect(3, "stacks", BPF_MAP_TYPE_STACK_TRACE, 4, 8 * 20, 128);
	const std::vector<std::string> &imports = image.value().imports();
	for (const char *helper : {"bpf_map_push_elem", "bpf_map_pop_elem", "bpf_get_stackid", "bpf_perf_event_output"})
		EXPECT_NE(std::find(imports.begin(), imports.end(), helper), imports.end()) << helper;
}

TEST_F(RexBuild, MapsOfLockedValuesSaySoInTheirDescriptors)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"struct account { rex::u64 packets; };\n"
				"REX_MAP(plain, rex::array_map<rex::u64, 2>);\n"
				"REX_MAP(accounts, rex::array_map<rex::locked<account>, 4>);\n"
				"REX_MAP(by_key, rex::hash_map<rex::u32, rex::locked<rex::u32>, 8>);\n"
				"static rex::xdp_action run(rex::xdp_ctx &) {\n"
				"	if (auto a = accounts.lookup(0)) {\n"
				"		rex::spin_lock_guard guard(a->lock);\n"
				"		a->data.packets += 1;\n"
				"	}\n"
				"	(void)by_key.update(1, 2);\n"
				"	return rex::xdp_action::pass;\n"
				"}\n"
				"REX_PROGRAM(locks, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	const std::vector<MapDesc> &maps = image.value().maps();
	ASSERT_EQ(maps.size(), 3u);
	EXPECT_FALSE(maps[0].spin_lock);
	EXPECT_TRUE(maps[1].spin_lock);
	EXPECT_EQ(maps[1].value_size, 16u); /* the lock word, padding, the u64 */
	EXPECT_TRUE(maps[2].spin_lock);
	EXPECT_EQ(maps[2].map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_HASH));
	EXPECT_EQ(maps[2].value_size, 8u);
}

/*
 * Nothing in a program writes a lock word: no lock or locked value is
 * created, copied or assigned there, and none goes into a map kind that
 * BPF does not let hold a lock.
 */
/* A program that must not build: its name, its source (or a part), the compiler's error. */
struct CompileErrorCase {
	const char *name;
	const char *source;
	const char *error;
};

/* sources: the body of run(), after counters (array_map<locked<u32>, 2>) */
const CompileErrorCase lock_misuses[] = {
	{"CopyOfAValue", "auto v = counters.lookup(0); if (v) { rex::locked<rex::u32> copy = *v; (void)copy; }",
	 "copy constructor of 'locked<unsigned int>' is implicitly deleted because field 'lock' has an "
	 "inaccessible copy constructor"},
	{"AssignmentOfAValue",
	 "auto a = counters.lookup(0); auto b = counters.lookup(1); if (a && b) *a = *b;",
	 "copy assignment operator of 'locked<unsigned int>' is implicitly deleted because field 'lock' has an "
	 "inaccessible copy assignment operator"},
	{"LockOnTheStack", "rex::spin_lock lock; rex::spin_lock_guard g(lock);",
	 "calling a private constructor of class 'rex::spin_lock'"},
	{"LockedValueOnTheStack", "rex::locked<rex::u32> v{}; (void)v;",
	 "field of type 'spin_lock' has private default constructor"},
	{"UpdateWithAWholeValue",
	 "auto v = counters.lookup(0); if (v) (void)counters.update(1, *v);",
	 "no viable conversion from 'rex::locked<unsigned int>' to 'const"},
};

class LockedValueMisuse : public RexBuild, public ::testing::WithParamInterface<CompileErrorCase> {};

TEST_P(LockedValueMisuse, IsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(counters, rex::array_map<rex::locked<rex::u32>, 2>);\n"
				"static rex::xdp_action run(rex::xdp_ctx &) {\n\t" +
				GetParam().source +
				"\n\treturn rex::xdp_action::pass;\n}\n"
				"REX_PROGRAM(misuse, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find(GetParam().error), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(RexBuild, LockedValueMisuse, ::testing::ValuesIn(lock_misuses),
			 [](const auto &info) { return std::string(info.param.name); });

TEST_F(RexBuild, LockedValuesInAPerCpuMapAreACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(per_cpu, rex::percpu_array<rex::locked<rex::u32>, 2>);\n"
				"static rex::xdp_action run(rex::xdp_ctx &) { return rex::xdp_action::pass; }\n"
				"REX_PROGRAM(percpu_lock, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("a rex::locked value goes only in an array_map or a hash_map"), std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, LockedValuesInARingBufferAreACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(events, rex::ring_buffer<4096>);\n"
				"static rex::xdp_action run(rex::xdp_ctx &) {\n"
				"	auto r = events.reserve<rex::locked<rex::u32>>(); (void)r;\n"
				"	return rex::xdp_action::pass;\n"
				"}\n"
				"REX_PROGRAM(rb_lock, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("must be plain data"), std::string::npos) << r.err;
}

/*
 * A ring-buffer record is handed to the kernel when it goes out of scope,
 * and never moves: a reference into it must not leave that scope.
 */
/* sources: after the prologue, struct event and the events map */
const CompileErrorCase record_escapes[] = {
	{ "ReturnedReference",
	  "static event &grab() { auto r = events.reserve<event>(); return *r; }\n"
	  "static rex::xdp_action run(rex::xdp_ctx &) { grab().x = 1; return rex::xdp_action::pass; }\n",
	  "reference to stack memory associated with local variable 'r' returned" },
	{ "ReturnedValueReference",
	  "static event &grab() { auto r = events.reserve<event>(); return r.value(); }\n"
	  "static rex::xdp_action run(rex::xdp_ctx &) { grab().x = 1; return rex::xdp_action::pass; }\n",
	  "reference to stack memory associated with local variable 'r' returned" },
	{ "MovedRecord",
	  "static rex::ringbuf_record<event> make() { auto r = events.reserve<event>(); return r; }\n"
	  "static rex::xdp_action run(rex::xdp_ctx &) { auto r = make(); return rex::xdp_action::pass; }\n",
	  "call to deleted constructor of 'rex::ringbuf_record<event>'" },
	{ "CopiedRecord",
	  "static rex::xdp_action run(rex::xdp_ctx &) {\n"
	  "	auto r = events.reserve<event>();\n"
	  "	auto copy = r;\n"
	  "	return rex::xdp_action::pass;\n"
	  "}\n",
	  "call to deleted constructor of 'ringbuf_record<event>'" },
};

class RingBufferRecordEscape : public RexBuild, public ::testing::WithParamInterface<CompileErrorCase> {};

/* The compiler's layer: rex-check refuses the returned references first (below). */
TEST_P(RingBufferRecordEscape, IsACompileError)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) + "struct event { rex::u64 x; };\n" +
					  "REX_MAP(events, rex::ring_buffer<4096>);\n" + GetParam().source +
					  "REX_PROGRAM(escape, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find(GetParam().error), std::string::npos) << r.err;
	EXPECT_FALSE(std::filesystem::exists(scratch_.file("prog.rex")));
}

INSTANTIATE_TEST_SUITE_P(RexBuild, RingBufferRecordEscape, ::testing::ValuesIn(record_escapes),
			 [](const auto &info) { return std::string(info.param.name); });

TEST_F(RexBuild, RingBufferReferenceReturnedIsRefusedByRexCheck)
{
	ProcessResult r = build(std::string(xdp_prologue) + "struct event { rex::u64 x; };\n" +
				"REX_MAP(events, rex::ring_buffer<4096>);\n" + record_escapes[0].source +
				"REX_PROGRAM(escape, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("[dangling-return] 'grab' returns a view of 'r', which is destroyed when it returns"),
		  std::string::npos)
		<< r.err;
}

/* The source rules are checked by rex-check: without one, rex build stops, unless told not to check. */
TEST_F(RexBuild, MissingRexCheckIsAnError)
{
	ScopedEnv missing("REX_CHECK", "/nonexistent/rex-check");
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::xdp_action run(rex::xdp_ctx &) { return rex::xdp_action::pass; }\n"
				"REX_PROGRAM(ok, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("no rex-check at /nonexistent/rex-check to check the source against the rules"),
		  std::string::npos)
		<< r.err;
	EXPECT_FALSE(std::filesystem::exists(scratch_.file("prog.rex")));
}

TEST_F(RexBuild, EmptyRexCheckBuildsWithAWarning)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
					  "static rex::xdp_action run(rex::xdp_ctx &) { return rex::xdp_action::pass; }\n"
					  "REX_PROGRAM(ok, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_NE(r.err.find("warning: $REX_CHECK is set but empty: " + scratch_.file("prog.cpp") +
			     " is not checked against the rules of Rex programs"),
		  std::string::npos)
		<< r.err;
}

/* No address is made out of bytes: views, contexts and what holds them are not plain data. */
struct AddressForgery {
	const char *name;
	const char *decls; /* before run() */
	const char *body;  /* in run(rex::xdp_ctx &ctx) */
	const char *error;
};

const AddressForgery address_forgeries[] = {
	{"SpanFromAPacket", "", "if (auto s = rex::read_as<rex::span<rex::u8>>(ctx.packet(), 0)) (*s)[0] = 1;",
	 "rex::read_as<T>: T must be plain data"},
	{"ContextInAMap", "REX_MAP(ctxs, rex::hash_map<rex::u32, rex::xdp_ctx, 4>);", "(void)ctx;",
	 "rex::hash_map<K, V, N>: V must be plain data"},
	{"StructWithASpanInAMap", "struct holder { rex::u32 n; rex::span<rex::u8> s; };\n"
				  "REX_MAP(holders, rex::array_map<holder, 1>);",
	 "(void)ctx;", "rex::array_map<V, N>: V must be plain data"},
	{"OptionalReferenceFromAPacket", "",
	 "if (auto r = rex::read_as<rex::optional<rex::u64 &>>(ctx.packet(), 0)) **r = 1;",
	 "rex::read_as<T>: T must be plain data"},
	{"MapFromAPacket", "", "if (auto m = rex::view_as<rex::array_map<rex::u64, 1>>(ctx.packet(), 0)) (void)m;",
	 "rex::view_as<T>: T must be plain data"},
	{"MapInAMap", "REX_MAP(maps, rex::array_map<rex::array_map<rex::u64, 1>, 1>);", "(void)ctx;",
	 "rex::array_map<V, N>: V must be plain data"},
	{"MapAssigned", "REX_MAP(counters, rex::array_map<rex::u64, 4>);",
	 "(void)ctx; counters = rex::array_map<rex::u64, 4>(\"x\");",
	 "cannot be assigned because its copy assignment operator is implicitly deleted"},
	{"ClosureFromAPacket", "",
	 "rex::u64 x = 0; auto set = [&x](rex::u64 v) { x = v; };\n"
	 "if (auto f = rex::read_as<decltype(set)>(ctx.packet(), 0)) (*f)(1);",
	 "rex::read_as<T>: T must be plain data"},
};

class AddressFromBytes : public RexBuild, public ::testing::WithParamInterface<AddressForgery> {};

TEST_P(AddressFromBytes, IsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) + GetParam().decls +
				"\nstatic rex::xdp_action run(rex::xdp_ctx &ctx) {\n\t" + GetParam().body +
				"\n\treturn rex::xdp_action::pass;\n}\nREX_PROGRAM(forge, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find(GetParam().error), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(RexBuild, AddressFromBytes, ::testing::ValuesIn(address_forgeries),
			 [](const auto &info) { return std::string(info.param.name); });

/* A view of a local that outlives it (the frame is reused, its return address too) is refused. */
TEST_F(RexBuild, ViewsOfALocalReturnedAreRefused)
{
	const std::string source = std::string(xdp_prologue) +
				"[[gnu::noinline]] static rex::span<rex::u64> dangling(rex::u64 seed) {\n"
				"	rex::u64 buf[2] = {seed, seed};\n"
				"	return buf;\n"
				"}\n"
				"[[gnu::noinline]] static rex::optional<rex::u64 &> dangling_ref(rex::u64 seed) {\n"
				"	rex::u64 x = seed;\n"
				"	return x;\n"
				"}\n"
				"[[gnu::noinline]] static rex::span<rex::u8> dangling_array() {\n"
				"	rex::array<rex::u8, 4> a = {};\n"
				"	return a.as_span();\n"
				"}\n"
				"static rex::xdp_action run(rex::xdp_ctx &ctx) {\n"
				"	return dangling(ctx.size())[0] + *dangling_ref(1) + dangling_array()[0] ? "
				"rex::xdp_action::pass : rex::xdp_action::drop;\n"
				"}\n"
				"REX_PROGRAM(dangle, run);\n";
	ProcessResult r = build(source);
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("[dangling-return] 'dangling' returns a view of 'buf'"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("[dangling-return] 'dangling_ref' returns a view of 'x'"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("[dangling-return] 'dangling_array' returns a view of 'a'"), std::string::npos) << r.err;
	/* Behind rex-check, the compiler refuses them too (lifetimebound, -Werror=return-stack-address). */
	ProcessResult compiled = build_unchecked(source);
	EXPECT_NE(compiled.exit_code, 0);
	EXPECT_NE(compiled.err.find("address of stack memory associated with local variable 'buf' returned"),
		  std::string::npos)
		<< compiled.err;
	EXPECT_NE(compiled.err.find("local variable 'x' returned"), std::string::npos) << compiled.err;
	EXPECT_NE(compiled.err.find("local variable 'a' returned"), std::string::npos) << compiled.err;
}

/*
 * A chain of views too long for rex-check to follow is refused, and says
 * so, rather than followed part of the way (or for minutes).
 */
TEST_F(RexBuild, ViewChainTooDeepToFollowIsRefused)
{
	std::string source = std::string(xdp_prologue) + "static int f() {\n\trex::span<int> w;\n\t{\n\t\tint a[2] = {1, 2};\n";
	constexpr int views = 400;
	for (int i = 0; i <= views; i++)
		source += "\t\trex::span<int> v" + std::to_string(i) + ";\n";
	for (int i = views; i > 0; i--)
		source += "\t\tv" + std::to_string(i) + " = v" + std::to_string(i - 1) + ";\n";
	source += "\t\tv0 = a;\n\t\tw = v" + std::to_string(views) + ";\n\t}\n\treturn w.empty() ? 0 : w[0];\n}\n"
		  "static rex::xdp_action run(rex::xdp_ctx &) { return f() ? rex::xdp_action::pass : rex::xdp_action::drop; }\n"
		  "REX_PROGRAM(deep, run);\n";
	ProcessResult r = build(source);
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("[dangling-view] this view is bound through too many others for rex-check to follow"),
		  std::string::npos)
		<< r.err;
	EXPECT_FALSE(std::filesystem::exists(scratch_.file("prog.rex")));
}

/* A function that can reach its end without returning would run into the next one. */
TEST_F(RexBuild, FallingOffTheEndOfAFunctionIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"[[noreturn, gnu::noinline]] static void never(rex::u32 x) {\n"
				"	if (x == 7) rex::panic(\"seven\");\n"
				"}\n"
				"[[gnu::noinline]] static rex::u32 half(rex::u32 x) { if (x > 1) return x / 2; }\n"
				"static rex::xdp_action run(rex::xdp_ctx &ctx) {\n"
				"	if (half(ctx.size()) == 3) never(ctx.size());\n"
				"	return rex::xdp_action::pass;\n"
				"}\n"
				"REX_PROGRAM(falls_off, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("function declared 'noreturn' should not return"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("non-void function does not return a value in all control paths"), std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, TraceRecordLargerThanAnyEventIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"struct huge { rex::u64 common; rex::u64 words[1 << 20]; };\n"
				"static rex::u32 run(rex::tracepoint_ctx<huge> &ctx) {\n"
				"	return static_cast<rex::u32>(ctx.record().words[0]);\n"
				"}\n"
				"REX_PROGRAM(huge_tp, run, .target = \"syscalls/sys_enter_getppid\");\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("a trace record has at most 8192 bytes (PERF_MAX_TRACE_SIZE)"), std::string::npos)
		<< r.err;
}

/* Misuse of the support layer is a compile error that says what to do. */
TEST_F(RexBuild, StackIdInAnXdpProgramIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(stacks, rex::stack_trace_map<20, 128>);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) { return stacks.get_stackid(ctx).value_or(0); }\n"
				"REX_PROGRAM(stackid, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("only kprobe, tracepoint and perf_event programs can take stack ids"), std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, TryOutsideAResultIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 run(rex::xdp_ctx &ctx) { return REX_TRY(ctx.packet().get(0)); }\n"
				"REX_PROGRAM(try_opt, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("REX_TRY(expr): expr must be a rex::result"), std::string::npos) << r.err;
}

TEST_F(RexBuild, StackTraceDeeperThanTheKernelAllowsIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(stacks, rex::stack_trace_map<128, 16>);\n"
				"static rex::u32 run(rex::xdp_ctx &) { return 0; }\n"
				"REX_PROGRAM(deep, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("Depth must be 1 to 127 frames"), std::string::npos) << r.err;
}

/* trace picks its helper by argument count; get_stack and XDP's redirect call theirs. */
TEST_F(RexBuild, TraceGetStackAndRedirectImportTheirHelpers)
{
	auto imports_of = [&](const std::string &source) {
		ProcessResult r = build(std::string(xdp_prologue) + source);
		EXPECT_EQ(r.exit_code, 0) << r.err;
		Result<Image> image = Image::open(scratch_.file("prog.rex"));
		EXPECT_TRUE(image) << image.error().message();
		return image ? image.value().imports() : std::vector<std::string>{};
	};
	auto has = [](const std::vector<std::string> &imports, const char *name) {
		return std::find(imports.begin(), imports.end(), name) != imports.end();
	};

	std::vector<std::string> kprobe = imports_of(
		"static rex::u32 run(rex::kprobe_ctx &ctx) {\n"
		"	rex::array<rex::u64, 8> frames{};\n"
		"	rex::usize n = rex::get_stack(ctx, frames.as_span()).value_or(0);\n"
		"	rex::trace(\"%lu frames, first %llx %llx %llx %llx %llx\\n\", n, frames[0], frames[1],\n"
		"		   frames[2], frames[3], frames[4]);\n"
		"	return 0;\n"
		"}\n"
		"REX_PROGRAM(stack6, run, .target = \"__x64_sys_getppid\");\n");
	EXPECT_TRUE(has(kprobe, "bpf_get_stack"));
	EXPECT_TRUE(has(kprobe, "bpf_trace_vprintk")) << "6 arguments: bpf_trace_vprintk";
	EXPECT_FALSE(has(kprobe, "bpf_trace_printk"));

	std::vector<std::string> xdp = imports_of(
		"static rex::xdp_action run(rex::xdp_ctx &ctx) {\n"
		"	rex::trace(\"%u %u %u\\n\", ctx.size(), 2, 3);\n"
		"	return ctx.redirect(1);\n"
		"}\n"
		"REX_PROGRAM(redirect3, run);\n");
	EXPECT_TRUE(has(xdp, "bpf_redirect"));
	EXPECT_TRUE(has(xdp, "bpf_trace_printk")) << "3 arguments: bpf_trace_printk";
	EXPECT_FALSE(has(xdp, "bpf_trace_vprintk"));
}

/* Each of up to 12 arguments is checked against its conversion; a 13th is refused. */
TEST_F(RexBuild, TraceFormatIsCheckedForEveryArgument)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 run(rex::xdp_ctx &) {\n"
				"	rex::trace(\"%u %u %u %u %u %u %u %u %u %u %u %u\\n\", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,\n"
				"		   rex::u64{12});\n"
				"	return 2;\n"
				"}\n"
				"REX_PROGRAM(trace12, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("trace_format_needs_l_or_ll_for_a_64_bit_argument"), std::string::npos) << r.err;

	r = build(std::string(xdp_prologue) +
		  "static rex::u32 run(rex::xdp_ctx &) {\n"
		  "	rex::trace(\"%u %u %u %u %u %u\\n\", 1, 2, 3, 4, 5);\n"
		  "	return 2;\n"
		  "}\n"
		  "REX_PROGRAM(trace5, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("trace_format_has_more_conversions_than_arguments"), std::string::npos) << r.err;

	r = build(std::string(xdp_prologue) +
		  "static rex::u32 run(rex::xdp_ctx &) {\n"
		  "	rex::trace(\"%u %u %u %u %u %u %u %u %u %u %u %u %u\\n\", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,\n"
		  "		   13);\n"
		  "	return 2;\n"
		  "}\n"
		  "REX_PROGRAM(trace13, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("rex::trace: at most 12 arguments"), std::string::npos) << r.err;
}

/* What the kernel would refuse at run time, returning -EINVAL and tracing nothing. */
TEST_F(RexBuild, TraceFormatTheKernelRefusesIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 run(rex::xdp_ctx &) { rex::trace(\"%lc\\n\", 'a'); return 2; }\n"
				"REX_PROGRAM(trace_lc, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("trace_format_c_takes_no_l_or_ll"), std::string::npos) << r.err;

	r = build(std::string(xdp_prologue) +
		  "static rex::u32 run(rex::xdp_ctx &) { rex::trace(\"del\\x7f\\n\"); return 2; }\n"
		  "REX_PROGRAM(trace_del, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("trace_format_contains_a_control_character"), std::string::npos) << r.err;
}

TEST_F(RexBuild, GetStackInAnXdpProgramIsACompileError)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	rex::array<rex::u64, 4> frames{};\n"
				"	return static_cast<rex::u32>(rex::get_stack(ctx, frames.as_span()).value_or(0));\n"
				"}\n"
				"REX_PROGRAM(stack_xdp, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("only kprobe, tracepoint and perf_event programs can walk the stack"), std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, AcceptsDefinesAndIncludes)
{
	write_text(scratch_.file("value.h"), "constexpr rex::u32 value = VALUE;\n");
	ProcessResult r = build(std::string(xdp_prologue) +
					"#include \"value.h\"\n"
					"static rex::u32 run(rex::xdp_ctx &) { return value; }\n"
					"REX_PROGRAM(defines, run);\n",
				{"-D", "VALUE=2", "-I" + scratch_.path()});
	EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(RexBuild, RejectsGlobalConstructor)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
				"struct clock { rex::u64 start; clock() : start(rex::ktime_get_ns()) {} };\n"
				"clock boot_clock;\n"
				"static rex::u32 run(rex::xdp_ctx &) { return boot_clock.start; }\n"
				"REX_PROGRAM(ctor, run);\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("prog.cpp: error: global constructor: make boot_clock constinit"), std::string::npos)
		<< r.err;
	/* clang's warning points at the line. */
	EXPECT_NE(r.err.find("prog.cpp:3:7: warning: declaration requires a global constructor"), std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, RejectsImportOtherThanHelper)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
				"extern \"C\" int printk(const char *, ...);\n"
				"static rex::u32 run(rex::xdp_ctx &) { return printk(\"hi\"); }\n"
				"REX_PROGRAM(printk, run);\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("import 'printk' is not a BPF helper (bpf_*) or Rex runtime function (rex_*)"),
		  std::string::npos)
		<< r.err;
	EXPECT_FALSE(std::ifstream(scratch_.file("prog.rex")).good()) << "no image is written";
}

/* The kernel layout table is data: reading it is how contexts work, calling it is refused. */
TEST_F(RexBuild, KernelLayoutIsReadNeverCalled)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 run(rex::xdp_ctx &ctx) { return ctx.ifindex() == 1 ? 2 : 1; }\n"
				"REX_PROGRAM(layout_read, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_EQ(image.value().imports(), std::vector<std::string>{"rex_kernel_layout"});

	r = build_unchecked(std::string(xdp_prologue) +
			    /* the header declares the table; an asm label reaches the symbol */
			    "extern \"C\" void layout_as_code(void) __asm__(\"rex_kernel_layout\");\n"
			    "static rex::u32 run(rex::xdp_ctx &) { layout_as_code(); return 2; }\n"
			    "REX_PROGRAM(layout_call, run);\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("import 'rex_kernel_layout' in __rex_entry_layout_call is data (struct "
			     "rex_kernel_layout): it can be read, not called"),
		  std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, RejectsHelperAddressTaken)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
				"extern \"C\" rex::u64 bpf_ktime_get_ns(void);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	rex::u64 (*volatile f)(void) = bpf_ktime_get_ns;\n"
				"	return ctx.size() ? f() : 0;\n"
				"}\n"
				"REX_PROGRAM(address, run);\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("prog.cpp: error: import 'bpf_ktime_get_ns' in "), std::string::npos) << r.err;
	EXPECT_NE(r.err.find(", not called directly: helpers can only be called"), std::string::npos) << r.err;
}

TEST_F(RexBuild, RejectsSourceWithoutProgram)
{
	ProcessResult r = build(std::string(xdp_prologue));
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("no program: declare one with REX_PROGRAM"), std::string::npos) << r.err;
}

TEST_F(RexBuild, CompileErrorFailsWithCompilerDiagnostics)
{
	ProcessResult r = build(std::string(xdp_prologue) + "this is not C++;\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("prog.cpp:2:1: error:"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("rex build: compiling "), std::string::npos) << r.err;
}

TEST_F(RexBuild, StackBoundCoversDeepestCallChain)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(sink, rex::array_map<rex::array<rex::u8, 64>, 1>);\n"
				"[[gnu::noinline]] static rex::u32 leaf(rex::u32 n) {\n"
				"	rex::array<rex::u8, 64> buf{};\n"
				"	buf[n % 64] = 1;\n"
				"	(void)sink.update(0, buf);\n"
				"	return buf[0];\n"
				"}\n"
				"[[gnu::noinline]] static rex::u32 middle(rex::u32 n) {\n"
				"	rex::array<rex::u8, 64> buf{};\n"
				"	buf[n % 64] = leaf(n);\n"
				"	(void)sink.update(0, buf);\n"
				"	return buf[1];\n"
				"}\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) { return middle(ctx.size()); }\n"
				"REX_PROGRAM(chain, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::optional<std::uint32_t> bound = stack_bound();
	ASSERT_TRUE(bound);
	/* Two 64-byte buffers and three return addresses at least. */
	EXPECT_GE(*bound, 2 * 64 + 3 * 8u);
	EXPECT_LE(*bound, 512u);
}

TEST_F(RexBuild, RecursionMakesStackDynamic)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 fib(rex::u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) { return fib(ctx.size()); }\n"
				"REX_PROGRAM(recurse, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_FALSE(stack_bound());
	EXPECT_NE(r.out.find("stack checked at run time (recursion: fib(unsigned int) -> fib(unsigned int))"),
		  std::string::npos)
		<< r.out;
}

TEST_F(RexBuild, RecursionGetsAStackCheckAtEveryFunctionEntry)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"static rex::u32 fib(rex::u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) { return fib(ctx.size()); }\n"
				"REX_PROGRAM(recurse, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_FALSE(image.value().meta().stack_bound) << "REX_STACK_DYNAMIC";
	EXPECT_EQ(image.value().imports(), std::vector<std::string>{"rex_stack_exhausted"});

	/* Both functions check the stack inline and call the kernel only when it is exhausted. */
	std::vector<std::uint8_t> bytes = read_bytes(scratch_.file("prog.rex"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	std::set<std::string> checked;
	CodeMap code(elf.value());
	for (const Branch &branch : code.branches())
		if (branch.to_import && branch.to_import->name == "rex_stack_exhausted" &&
		    branch.kind == X86Instruction::Kind::call)
			checked.emplace(branch.from->name);
	EXPECT_EQ(checked, (std::set<std::string>{"__rex_entry_recurse", "_ZL3fibj"}));
}

TEST_F(RexBuild, RecursionWithoutTheStackCheckPluginIsRefused)
{
	ProcessResult r;
	{
		ScopedEnv no_plugin("REX_STACK_CHECK_PLUGIN", "/nonexistent/rex-stack-check.so");
		r = build(std::string(xdp_prologue) +
			  "static rex::u32 fib(rex::u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
			  "static rex::u32 run(rex::xdp_ctx &ctx) { return fib(ctx.size()); }\n"
			  "REX_PROGRAM(recurse, run);\n");
	}
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("needs stack checks (recursion: fib(unsigned int) -> fib(unsigned int)), but the compiler "
			     "plugin /nonexistent/rex-stack-check.so that inserts them is missing"),
		  std::string::npos)
		<< r.err;
	EXPECT_FALSE(std::filesystem::exists(scratch_.file("prog.rex"))) << "no image is written";
}

TEST_F(RexBuild, ProgramWithStaticBoundGetsNoStackChecks)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"[[gnu::noinline]] static rex::u32 twice(rex::u32 n) { return 2 * n; }\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) { return twice(ctx.size()); }\n"
				"REX_PROGRAM(flat, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_TRUE(image.value().meta().stack_bound);
	EXPECT_TRUE(image.value().imports().empty());
}

TEST_F(RexBuild, RefusesFrameLargerThanTheFrameLimit)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(sink, rex::array_map<rex::u8, 1>);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	rex::array<rex::u8, 5000> buffer{};\n"
				"	buffer[ctx.size() % 5000] = 1;\n"
				"	(void)sink.update(0, buffer[ctx.size() % 4999]);\n"
				"	return buffer[7];\n"
				"}\n"
				"REX_PROGRAM(big_frame, run);\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("prog.cpp: error: __rex_entry_big_frame() has a "), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("-byte stack frame, more than the 4096 bytes one function may use"), std::string::npos)
		<< r.err;
	EXPECT_EQ(r.err.find("worst-case stack use"), std::string::npos) << "not the over-budget error: " << r.err;
	EXPECT_FALSE(std::ifstream(scratch_.file("prog.rex")).good()) << "no image is written";
}

/* Division by zero, a shift by the width and an index out of bounds call the kernel's handlers. */
TEST_F(RexBuild, UndefinedArithmeticCallsTheKernelsSanitizerHandlers)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"struct operands { rex::u32 divisor, shift, index; };\n"
				"struct table { rex::u32 slots[4]; };\n"
				"REX_MAP(args, rex::array_map<operands, 1>);\n"
				"REX_MAP(tables, rex::array_map<table, 1>);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	auto a = args.lookup(0);\n"
				"	auto t = tables.lookup(0);\n"
				"	if (!a || !t)\n"
				"		return 0;\n"
				"	return ctx.size() / a->divisor + (ctx.size() << a->shift) + t->slots[a->index];\n"
				"}\n"
				"REX_PROGRAM(ubsan, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	/* Array-map lookups are computed in place: no bpf_map_lookup_elem. */
	std::vector<std::string> want = {"__ubsan_handle_divrem_overflow_abort", "__ubsan_handle_out_of_bounds_abort",
					 "__ubsan_handle_shift_out_of_bounds_abort"};
	EXPECT_EQ(image.value().imports(), want);

	std::vector<std::uint8_t> bytes = read_bytes(scratch_.file("prog.rex"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	EXPECT_TRUE(check_image_object(elf.value()).empty());
	std::set<std::string> called;
	CodeMap code(elf.value());
	for (const Branch &branch : code.branches())
		if (branch.to_import && branch.kind == X86Instruction::Kind::call)
			called.emplace(branch.to_import->name);
	for (const std::string &handler : want)
		EXPECT_TRUE(called.contains(handler)) << handler << " is called directly";
}

/*
 * An array-map lookup is a bounds check and an address computed from the
 * descriptor the kernel fills in (kptr + value_offset + i * 8): no call,
 * and so no termination check either; a hash-map lookup still calls the
 * helper directly.
 */
TEST_F(RexBuild, ArrayLookupIsInlineHashLookupCallsTheHelper)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(slots, rex::array_map<rex::u64, 8>);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	if (auto v = slots.lookup(ctx.size()))\n"
				"		*v += 1;\n"
				"	return 2;\n"
				"}\n"
				"REX_PROGRAM(inline_lookup, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_TRUE(image.value().imports().empty()) << "no helper or runtime call";

	r = build(std::string(xdp_prologue) +
		  "REX_MAP(flows, rex::hash_map<rex::u32, rex::u64, 8>);\n"
		  "static rex::u32 run(rex::xdp_ctx &ctx) {\n"
		  "	if (auto v = flows.lookup(ctx.size()))\n"
		  "		*v += 1;\n"
		  "	return 2;\n"
		  "}\n"
		  "REX_PROGRAM(hash_lookup, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_EQ(image.value().imports(),
		  (std::vector<std::string>{"bpf_map_lookup_elem", "rex_panic", "rex_terminate"}));
}

/*
 * Past its bounds check, an array lookup's index is masked with cmp; sbb
 * (array_index_nospec()'s way): a "sbb r64, r64" (REX.W 19 or 1b, the
 * same register twice), then an "and" of the index with it. N = 10, not a
 * power of two, so that nothing else bounds the index.
 */
TEST_F(RexBuild, ArrayLookupIndexIsMaskedAfterTheBoundsCheck)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"REX_MAP(slots, rex::array_map<rex::u64, 10>);\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	if (auto v = slots.lookup(ctx.size()))\n"
				"		*v += 1;\n"
				"	return 2;\n"
				"}\n"
				"REX_PROGRAM(masked, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::uint8_t> bytes = read_bytes(scratch_.file("prog.rex"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	int masks = 0;
	for (const ElfSymbol &sym : elf.value().symbols()) {
		if (sym.name != "__rex_entry_masked")
			continue;
		for (const FunctionInstruction &i : instructions_of(elf.value(), sym)) {
			std::span<const std::uint8_t> b = i.bytes;
			if (b.size() == 3 && (b[0] & 0xf8) == 0x48 && (b[1] == 0x19 || b[1] == 0x1b) &&
			    (b[2] >> 6) == 3 && ((b[2] >> 3) & 7) == (b[2] & 7) && (b[0] & 5) == ((b[0] & 4) ? 5 : 0))
				masks++;
		}
	}
	EXPECT_EQ(masks, 1) << "one sbb of a register with itself, the lookup's mask";
}

TEST_F(RexBuild, FunctionPointerMakesStackDynamic)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
				"[[gnu::noinline]] static rex::u32 twice(rex::u32 n) { return 2 * n; }\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	rex::u32 (*volatile f)(rex::u32) = twice;\n"
				"	return f(ctx.size());\n"
				"}\n"
				"REX_PROGRAM(pointer, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_FALSE(stack_bound());
}

/*
 * What an IBT kernel needs (a CPU with CET lets indirect branches land only
 * on ENDBR64, and the kernel leaves "notrack" jumps off): the entry, which
 * the dispatcher calls indirectly, and every function whose address is
 * taken start with ENDBR64, and a switch is not a jump table.
 */
TEST_F(RexBuild, IndirectBranchTargetsStartWithEndbrAndSwitchesAreNotJumpTables)
{
	ProcessResult r = build_unchecked(std::string(xdp_prologue) +
				"[[gnu::noinline]] static rex::u32 twice(rex::u32 n) { return 2 * n; }\n"
				/* not constants: clang would make a table of values, not of jumps */
				"[[gnu::noinline]] static rex::u32 pick(rex::u32 n, rex::u32 x) {\n"
				"	switch (n) {\n"
				"	case 0: return x * 7 + 1; case 1: return x ^ 0x55; case 2: return x >> 3;\n"
				"	case 3: return x + 99; case 4: return x * x; case 5: return x - 8;\n"
				"	case 6: return x << 5; case 7: return x | 0x42;\n"
				"	default: return 1;\n"
				"	}\n"
				"}\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	rex::u32 (*volatile f)(rex::u32) = twice;\n"
				"	return f(pick(ctx.size() & 15, ctx.size()));\n"
				"}\n"
				"REX_PROGRAM(indirect, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::uint8_t> bytes = read_bytes(scratch_.file("prog.rex"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	const std::uint8_t endbr64[] = {0xf3, 0x0f, 0x1e, 0xfa};
	auto starts_with_endbr = [&](std::string_view name) {
		for (const ElfSymbol &sym : elf.value().symbols()) {
			if (sym.name != name || !sym.function() || sym.undefined())
				continue;
			std::span<const std::uint8_t> code = elf.value().contents(elf.value().sections()[sym.section]);
			return sym.value + sizeof(endbr64) <= code.size() &&
			       std::memcmp(code.data() + sym.value, endbr64, sizeof(endbr64)) == 0;
		}
		ADD_FAILURE() << "no function " << name;
		return false;
	};
	EXPECT_TRUE(starts_with_endbr("__rex_entry_indirect"));
	EXPECT_TRUE(starts_with_endbr("_ZL5twicej"));

	/* Every instruction of every function: indirect calls, no indirect jumps. */
	int indirect_calls = 0, functions = 0;
	for (const ElfSymbol &sym : elf.value().symbols()) {
		if (!sym.function() || sym.undefined())
			continue;
		functions++;
		for (const FunctionInstruction &i : instructions_of(elf.value(), sym)) {
			EXPECT_NE(i.insn.kind, X86Instruction::Kind::indirect_jump)
				<< "an indirect jump (a jump table?) at " << sym.name << "+" << i.offset;
			indirect_calls += i.insn.kind == X86Instruction::Kind::indirect_call;
		}
	}
	EXPECT_GE(functions, 3);
	EXPECT_EQ(indirect_calls, 1) << "the call through the pointer";
}

/*
 * Returns go through the return thunk, as the kernel's own with
 * CONFIG_MITIGATION_RETHUNK: no plain ret, every return a "jmp
 * __x86_return_thunk" that the loader patches. The thunk is not listed as
 * an import, and nothing else may use it.
 */
TEST_F(RexBuild, ReturnsJumpToTheReturnThunk)
{
	ProcessResult r = build(std::string(xdp_prologue) +
				"[[gnu::noinline]] static rex::u32 half(rex::u32 n) { return n / 2; }\n"
				"static rex::u32 run(rex::xdp_ctx &ctx) {\n"
				"	if (ctx.size() > 1000)\n"
				"		return 1;\n"
				"	return half(ctx.size()) > 10 ? 2 : 1;\n"
				"}\n"
				"REX_PROGRAM(returns, run);\n");
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::uint8_t> bytes = read_bytes(scratch_.file("prog.rex"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	int thunk_jumps = 0;
	for (const ElfSymbol &sym : elf.value().symbols()) {
		if (!sym.function() || sym.undefined())
			continue;
		const ElfSection &section = elf.value().sections()[sym.section];
		std::span<const std::uint8_t> code = elf.value().contents(section);
		for (const FunctionInstruction &i : instructions_of(elf.value(), sym))
			EXPECT_FALSE(i.bytes.size() == 1 && i.bytes[0] == 0xc3) << "a plain ret at " << sym.name << "+" << i.offset;
		for (const ElfRelocation &rel : elf.value().relocations_for(section.index))
			if (elf.value().symbols()[rel.symbol].name == "__x86_return_thunk" && rel.offset > sym.value &&
			    rel.offset < sym.value + sym.size) {
				EXPECT_EQ(code[rel.offset - 1], 0xe9) << "a jmp rel32 in " << sym.name;
				thunk_jumps++;
			}
	}
	EXPECT_GE(thunk_jumps, 2) << "the entry's and half()'s returns";
	Result<Image> image = Image::open(scratch_.file("prog.rex"));
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_EQ(std::count(image.value().imports().begin(), image.value().imports().end(), "__x86_return_thunk"), 0);

	/* Called, it is refused. */
	r = build_unchecked(std::string(xdp_prologue) +
			    "extern \"C\" void __x86_return_thunk(void);\n"
			    "static rex::u32 run(rex::xdp_ctx &) { __x86_return_thunk(); return 2; }\n"
			    "REX_PROGRAM(call_thunk, run);\n");
	EXPECT_NE(r.exit_code, 0);
	EXPECT_NE(r.err.find("import '__x86_return_thunk' in __rex_entry_call_thunk is not a return (jmp "
			     "__x86_return_thunk)"),
		  std::string::npos)
		<< r.err;
}

TEST_F(RexBuild, SignsWithKey)
{
	write_text(scratch_.file("prog.cpp"), std::string(xdp_prologue) +
						      "static rex::u32 run(rex::xdp_ctx &) { return 2; }\n"
						      "REX_PROGRAM(signed_prog, run);\n");
	ProcessResult r = rex_build({scratch_.file("prog.cpp"), "--key", test_key_path("a"), "-o",
				     scratch_.file("prog.rex")});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_NE(r.out.find(", signed by CN=rex test key a"), std::string::npos) << r.out;

	ProcessResult verify = run_process({REX_BINARY_PATH, "verify", scratch_.file("prog.rex"), "--cert",
					    test_cert_path("a")});
	EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

/* What rex build's flags prevent, made by hand: a GOT-indirect helper call. */
TEST(ImageChecks, RejectGotRelocation)
{
	ScratchDir scratch;
	write_text(scratch.file("got.cpp"), std::string(xdp_prologue) +
						    "static rex::u32 run(rex::xdp_ctx &) { return rex::ktime_get_ns(); }\n"
						    "REX_PROGRAM(got, run);\n");
	BuildOptions options;
	options.source = scratch.file("got.cpp");
	std::vector<std::string> argv = compile_command(BuildToolchain::configured(), options, scratch.file("got.o"));
	argv.insert(argv.end(), {"-fpic", "-fno-plt", "-mcmodel=small"});
	ProcessResult compiled = run_compiler(argv);
	ASSERT_EQ(compiled.exit_code, 0) << compiled.err;

	std::vector<std::uint8_t> bytes = read_bytes(scratch.file("got.o"));
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	/*
	 * The helper, rex_panic (before it: the lock check) and rex_terminate
	 * (after it: the termination check).
	 */
	std::vector<std::string> problems = check_image_object(elf.value());
	ASSERT_EQ(problems.size(), 3u);
	for (const char *symbol : {"bpf_ktime_get_ns", "rex_panic", "rex_terminate"})
		EXPECT_EQ(std::count_if(problems.begin(), problems.end(),
					[&](const std::string &p) {
						return p.rfind(std::string("GOT relocation R_X86_64_GOTPCRELX against '") +
								       symbol + "' in ",
							       0) == 0;
					}),
			  1)
			<< symbol;

	/* And the call through the GOT is an indirect call. */
	Result<StackBound> stack = compute_stack_bound(elf.value(), std::vector<std::string>{"__rex_entry_got"});
	ASSERT_TRUE(stack) << stack.error().message();
	EXPECT_FALSE(stack.value().bytes);
	EXPECT_EQ(stack.value().dynamic_reason.rfind("an indirect call in ", 0), 0u) << stack.value().dynamic_reason;
}

TEST(CheckUserFlag, AcceptsDefinesAndIncludes)
{
	EXPECT_TRUE(check_user_flag("-DDEBUG"));
	EXPECT_TRUE(check_user_flag("-DLIMIT=10"));
	EXPECT_TRUE(check_user_flag("-Iinclude"));
	EXPECT_TRUE(check_user_flag("-I/abs/dir"));
}

TEST(CheckUserFlag, RejectsEverythingElse)
{
	for (const char *flag : {"-O0", "-O3", "-fpic", "-fPIC", "-g", "-mcmodel=large", "-fexceptions", "-U", "-UX",
				 "-isystem/x", "-include", "-Wno-error", "-D", "-I", "-D=1", "-D1X", "-D__KERNEL__",
				 "-DREX_HOSTED_TEST"}) {
		Result<void> result = check_user_flag(flag);
		EXPECT_FALSE(result) << flag;
		if (!result)
			EXPECT_EQ(result.error().message().rfind("flag '" + std::string(flag) + "' is not allowed: ", 0), 0u)
				<< result.error().message();
	}
}

TEST(ImageCompileFlags, AreTheKernelContract)
{
	std::span<const std::string_view> flags = image_compile_flags();
	for (std::string_view needed : {"-fno-pic", "-mcmodel=kernel", "-mno-red-zone", "-mgeneral-regs-only",
					"-mstack-alignment=8", "-ffreestanding", "-fno-exceptions", "-fno-rtti", "-fstack-size-section",
					"-ffunction-sections", "-fdata-sections", "-fno-threadsafe-statics",
					"-ftrivial-auto-var-init=zero", "-fwrapv", "-O2", "-std=c++20",
					"-fno-omit-frame-pointer", "-fsanitize=integer-divide-by-zero,shift,array-bounds",
					"-fno-sanitize-recover=all", "-fstrict-flex-arrays=3", "-Werror=return-type",
					"-Werror=invalid-noreturn", "-fcf-protection=branch", "-fno-jump-tables",
					"-mfunction-return=thunk-extern"})
		EXPECT_NE(std::find(flags.begin(), flags.end(), needed), flags.end()) << needed;
}

} // namespace
} // namespace rex::testing
