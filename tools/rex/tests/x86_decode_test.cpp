// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 decoder of rex build's stack analysis: instruction shapes by
 * hand, then whole compiled functions against llvm-objdump's boundaries.
 */
#include "run_process.h"
#include "test_data.h"

#include <librex/build.h>
#include <librex/process.h>
#include <librex/elf_object.h>
#include <librex/x86_decode.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace rex::testing {
namespace {

using Kind = X86Instruction::Kind;

std::optional<X86Instruction> decode(std::vector<std::uint8_t> bytes)
{
	return decode_x86(bytes);
}

TEST(X86Decode, DirectCall)
{
	auto insn = decode({0xe8, 0xfb, 0xff, 0xff, 0xff});
	ASSERT_TRUE(insn);
	EXPECT_EQ(insn->length, 5);
	EXPECT_EQ(insn->kind, Kind::call);
	EXPECT_EQ(insn->operand_offset, 1);
	EXPECT_EQ(insn->displacement, -5);
}

TEST(X86Decode, Jumps)
{
	auto jmp32 = decode({0xe9, 0x10, 0, 0, 0});
	ASSERT_TRUE(jmp32);
	EXPECT_EQ(jmp32->kind, Kind::jump);
	EXPECT_EQ(jmp32->displacement, 16);

	auto jmp8 = decode({0xeb, 0xfe});
	ASSERT_TRUE(jmp8);
	EXPECT_EQ(jmp8->length, 2);
	EXPECT_EQ(jmp8->kind, Kind::jump);
	EXPECT_EQ(jmp8->displacement, -2);

	auto jcc32 = decode({0x0f, 0x84, 0x00, 0x01, 0, 0});
	ASSERT_TRUE(jcc32);
	EXPECT_EQ(jcc32->length, 6);
	EXPECT_EQ(jcc32->kind, Kind::conditional_jump);
	EXPECT_EQ(jcc32->operand_offset, 2);
	EXPECT_EQ(jcc32->displacement, 256);

	auto jcc8 = decode({0x75, 0x05});
	ASSERT_TRUE(jcc8);
	EXPECT_EQ(jcc8->kind, Kind::conditional_jump);
}

TEST(X86Decode, IndirectBranches)
{
	auto call_reg = decode({0xff, 0xd0}); /* call *%rax */
	ASSERT_TRUE(call_reg);
	EXPECT_EQ(call_reg->length, 2);
	EXPECT_EQ(call_reg->kind, Kind::indirect_call);

	auto call_mem = decode({0x41, 0xff, 0x54, 0x24, 0x08}); /* call *0x8(%r12) */
	ASSERT_TRUE(call_mem);
	EXPECT_EQ(call_mem->length, 5);
	EXPECT_EQ(call_mem->kind, Kind::indirect_call);

	auto jump_table = decode({0xff, 0x24, 0xc5, 0, 0, 0, 0}); /* jmp *table(,%rax,8) */
	ASSERT_TRUE(jump_table);
	EXPECT_EQ(jump_table->length, 7);
	EXPECT_EQ(jump_table->kind, Kind::indirect_jump);

	auto inc = decode({0xff, 0xc0}); /* inc %eax: ff /0 */
	ASSERT_TRUE(inc);
	EXPECT_EQ(inc->kind, Kind::other);
}

TEST(X86Decode, Lengths)
{
	struct Case {
		std::vector<std::uint8_t> bytes;
		std::uint8_t length;
	} cases[] = {
		{{0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8}, 10},                /* movabs $imm64, %rax */
		{{0xb8, 1, 2, 3, 4}, 5},                                   /* mov $imm32, %eax */
		{{0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0}, 10},       /* nopw %cs:0(%rax,%rax,1) */
		{{0x0f, 0x1f, 0x44, 0x00, 0x00}, 5},                       /* nopl 0(%rax,%rax,1) */
		{{0x48, 0x8b, 0x05, 0, 0, 0, 0}, 7},                       /* mov 0(%rip), %rax */
		{{0x48, 0xc7, 0x44, 0x24, 0x08, 1, 0, 0, 0}, 9},           /* movq $1, 8(%rsp) */
		{{0x66, 0xc7, 0x04, 0x24, 1, 0}, 6},                       /* movw $1, (%rsp) */
		{{0xf6, 0x07, 0x01}, 3},                                   /* testb $1, (%rdi) */
		{{0xf7, 0xc7, 1, 0, 0, 0}, 6},                             /* test $1, %edi */
		{{0xf7, 0xd8}, 2},                                         /* neg %eax */
		{{0xf0, 0x48, 0x0f, 0xc1, 0x07}, 5},                       /* lock xadd %rax, (%rdi) */
		{{0x0f, 0xb6, 0x47, 0x01}, 4},                             /* movzbl 1(%rdi), %eax */
		{{0xc2, 0x08, 0x00}, 3},                                   /* ret $8 */
		{{0xc3}, 1},
		{{0xcc}, 1},
		{{0x0f, 0x0b}, 2},                                         /* ud2 */
		{{0x48, 0x69, 0xc0, 1, 0, 0, 0}, 7},                       /* imul $1, %rax, %rax */
		{{0xc1, 0xe0, 0x04}, 3},                                   /* shl $4, %eax */
		{{0x0f, 0x3a, 0x0f, 0xc1, 0x08}, 5},                       /* palignr (shape) */
		{{0x8b, 0x04, 0x25, 0, 0, 0, 0}, 7},                       /* mov 0x0, %eax (SIB, no base) */
	};
	for (const Case &c : cases) {
		auto insn = decode(c.bytes);
		ASSERT_TRUE(insn) << "byte 0x" << std::hex << int(c.bytes[0]);
		EXPECT_EQ(insn->length, c.length) << "byte 0x" << std::hex << int(c.bytes[0]);
		EXPECT_EQ(insn->kind, Kind::other);
	}
}

TEST(X86Decode, RefusesWhatImagesDoNotContain)
{
	EXPECT_FALSE(decode({0xc5, 0xf8, 0x77}));             /* vzeroupper: VEX */
	EXPECT_FALSE(decode({0x62, 0xf1, 0x7c, 0x48, 0x10})); /* EVEX */
	EXPECT_FALSE(decode({0x06}));                         /* push %es: invalid in 64-bit mode */
	EXPECT_FALSE(decode({0x66, 0xe8, 0, 0}));             /* call rel16 */
	EXPECT_FALSE(decode({0xe8, 0, 0}));                   /* truncated */
	EXPECT_FALSE(decode({}));
}

/* Instruction start offsets of each function, as llvm-objdump sees them. */
std::map<std::string, std::set<std::uint64_t>> objdump_boundaries(const std::string &object)
{
	ProcessResult r = run_process({"/usr/bin/llvm-objdump-19", "-d", "--no-show-raw-insn", object});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	std::map<std::string, std::set<std::uint64_t>> result;
	std::istringstream lines(r.out);
	std::string line, function;
	bool after_prefix = false;
	while (std::getline(lines, line)) {
		if (line.size() > 18 && line[16] == ' ' && line[17] == '<' && line.back() == ':') {
			function = line.substr(18, line.size() - 20);
			continue;
		}
		std::size_t colon = line.find(':');
		if (function.empty() || colon == std::string::npos || line.empty() || line[0] != ' ')
			continue;
		/* objdump shows a lone prefix ("lock") as an instruction; it is part of the next one. */
		if (!after_prefix)
			result[function].insert(std::stoull(line.substr(0, colon), nullptr, 16));
		std::string mnemonic = line.substr(line.find_first_not_of(" \t", colon + 1));
		after_prefix = mnemonic == "lock" || mnemonic == "rep" || mnemonic == "repne" || mnemonic == "data16";
	}
	return result;
}

/* Varied code, compiled as images are: the decoder must agree with LLVM's disassembler. */
TEST(X86Decode, AgreesWithLlvmObjdump)
{
	if (!std::ifstream("/usr/bin/llvm-objdump-19").good())
		GTEST_SKIP() << "llvm-objdump-19 is not installed";
	ScratchDir scratch;
	std::ofstream(scratch.file("corpus.cpp")) << R"(
#include <rex/rex.hpp>
using namespace rex;
REX_MAP(table, hash_map<u64, u64, 64>);
[[gnu::noinline]] static u64 mix(u64 a, u64 b) { return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 7) ^ (b << 13); }
[[gnu::noinline]] static s32 classify(u32 x) {
	switch (x % 9) {
	case 0: return -1; case 1: return 7; case 2: return static_cast<s32>(mix(x, 3));
	case 3: return 99; case 4: return static_cast<s32>(x * 3); case 5: return 12;
	case 6: return static_cast<s32>(mix(x, x)); case 7: return 5; default: return 0;
	}
}
static u32 run(xdp_ctx &ctx) {
	span<u8> packet = ctx.packet();
	u64 sum = 0;
	for (u8 byte : packet)
		sum = mix(sum, byte);
	if (auto v = read_as<u64>(packet, 14))
		sum ^= *v;
	u16 small = static_cast<u16>(sum);
	s8 tiny = static_cast<s8>(sum >> 3);
	if (auto entry = table.lookup(sum))
		atomic_add(*entry, static_cast<u64>(small) + static_cast<u64>(tiny));
	else
		(void)table.update(sum, 1);
	return static_cast<u32>(classify(static_cast<u32>(sum)) + (sum > 0xffffffffffull ? 1 : 2));
}
REX_PROGRAM(corpus, run);
)";
	BuildOptions options;
	options.source = scratch.file("corpus.cpp");
	std::string object = scratch.file("corpus.o");
	ProcessResult compiled = run_compiler(compile_command(BuildToolchain::configured(), options, object));
	ASSERT_EQ(compiled.exit_code, 0) << compiled.err;

	std::vector<std::uint8_t> bytes = read_bytes(object);
	Result<ElfObject> elf = ElfObject::parse(bytes);
	ASSERT_TRUE(elf) << elf.error().message();
	std::map<std::string, std::set<std::uint64_t>> expected = objdump_boundaries(object);
	ASSERT_GE(expected.size(), 3u);

	for (const ElfSymbol &symbol : elf.value().symbols()) {
		if (!symbol.function() || symbol.undefined())
			continue;
		std::span<const std::uint8_t> code = elf.value().contents(elf.value().sections()[symbol.section]);
		std::set<std::uint64_t> starts;
		for (std::uint64_t pc = symbol.value; pc < symbol.value + symbol.size;) {
			starts.insert(pc);
			auto insn = decode_x86(code.subspan(pc, symbol.value + symbol.size - pc));
			ASSERT_TRUE(insn) << symbol.name << "+" << pc;
			pc += insn->length;
		}
		EXPECT_EQ(starts, expected[std::string(symbol.name)]) << symbol.name;
	}
}

} // namespace
} // namespace rex::testing
