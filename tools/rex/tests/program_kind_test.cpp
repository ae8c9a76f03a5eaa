// SPDX-License-Identifier: GPL-2.0
/* The Rex marker: telling a Rex program from eBPF by its bpf_prog_info. */
#include <librex/bpf_syscall.h>
#include <librex/programs.h>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace rex {
namespace {

/* What the kernel reports for a program loaded with BPF_F_REX. */
bpf_prog_info rex_info()
{
	bpf_prog_info info;
	std::memset(&info, 0, sizeof(info));
	info.id = 7;
	info.type = BPF_PROG_TYPE_KPROBE;
	info.xlated_prog_len = 2 * sizeof(bpf_insn);
	info.jited_prog_len = 0;
	return info;
}

std::vector<bpf_insn> placeholder()
{
	std::span<const bpf_insn> insns = bpf::rex_placeholder_insns();
	return {insns.begin(), insns.end()};
}

TEST(ProgramKind, PlaceholderWithoutJitImageIsRex)
{
	EXPECT_TRUE(may_be_rex(rex_info()));
	EXPECT_EQ(classify_program(rex_info(), placeholder()), ProgramKind::rex);
	EXPECT_EQ(program_info_from_kernel(rex_info(), placeholder()).kind, ProgramKind::rex);
}

TEST(ProgramKind, PlaceholderIsMovR0ZeroThenExit)
{
	std::vector<bpf_insn> insns = placeholder();
	ASSERT_EQ(insns.size(), 2u);
	EXPECT_EQ(insns[0].code, BPF_ALU64 | BPF_MOV | BPF_K);
	EXPECT_EQ(insns[0].dst_reg, 0);
	EXPECT_EQ(insns[0].imm, 0);
	EXPECT_EQ(insns[1].code, BPF_JMP | BPF_EXIT);
}

TEST(ProgramKind, JitedProgramIsEbpf)
{
	bpf_prog_info info = rex_info();
	info.jited_prog_len = 24;
	EXPECT_FALSE(may_be_rex(info));
	EXPECT_EQ(classify_program(info, placeholder()), ProgramKind::ebpf);
}

TEST(ProgramKind, OtherLengthIsEbpf)
{
	bpf_prog_info info = rex_info();
	info.xlated_prog_len = 3 * sizeof(bpf_insn);
	EXPECT_FALSE(may_be_rex(info));
	EXPECT_EQ(classify_program(info, placeholder()), ProgramKind::ebpf);
}

TEST(ProgramKind, OtherInstructionsAreEbpf)
{
	/* r0 = XDP_PASS; exit: the interpreter runs it, but it is eBPF. */
	std::vector<bpf_insn> insns = placeholder();
	insns[0].imm = 2;
	EXPECT_EQ(classify_program(rex_info(), insns), ProgramKind::ebpf);
}

TEST(ProgramKind, UnreadableInstructionsAreEbpf)
{
	/* Without the instructions (not root) nothing says Rex. */
	EXPECT_EQ(classify_program(rex_info(), {}), ProgramKind::ebpf);
	EXPECT_EQ(program_info_from_kernel(rex_info()).kind, ProgramKind::ebpf);
}

TEST(ProgramKind, RuntimeListIsExact)
{
	/* 7 looks like Rex to the heuristic, 8 does not; the runtime's list decides. */
	ProgramInfo looks_rex = program_info_from_kernel(rex_info(), placeholder());
	ProgramInfo looks_ebpf;
	looks_ebpf.id = 8;
	std::vector<ProgramInfo> programs = {looks_rex, looks_ebpf};
	std::vector<RuntimeStatus> statuses = {
		{8, "listed", ProgState::faulted, PanicPolicy::keep_running, 3, 1, 0},
	};

	apply_runtime_status(programs, statuses);
	EXPECT_EQ(programs[0].kind, ProgramKind::ebpf);
	EXPECT_FALSE(programs[0].runtime);
	EXPECT_EQ(programs[1].kind, ProgramKind::rex);
	ASSERT_TRUE(programs[1].runtime);
	EXPECT_EQ(programs[1].runtime->state, ProgState::faulted);
	EXPECT_EQ(programs[1].runtime->panics, 3u);

	apply_runtime_status(programs, {});
	EXPECT_EQ(programs[1].kind, ProgramKind::ebpf) << "an empty list means no Rex program";
	EXPECT_FALSE(programs[1].runtime);
}

TEST(ProgramKind, Names)
{
	EXPECT_EQ(program_kind_name(ProgramKind::rex), "rex");
	EXPECT_EQ(program_kind_name(ProgramKind::ebpf), "ebpf");
}

} // namespace
} // namespace rex
