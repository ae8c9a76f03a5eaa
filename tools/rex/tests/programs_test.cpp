// SPDX-License-Identifier: GPL-2.0
#include <librex/programs.h>

#include <gtest/gtest.h>

#include <cstring>

namespace rex {
namespace {

bpf_prog_info sample_info()
{
	bpf_prog_info info;
	std::memset(&info, 0, sizeof(info));
	info.id = 42;
	info.type = BPF_PROG_TYPE_XDP;
	std::strcpy(info.name, "xdp_pass");
	const std::uint8_t tag[BPF_TAG_SIZE] = {0x00, 0x1f, 0xa0, 0xff, 0x12, 0x34, 0xab, 0xcd};
	std::memcpy(info.tag, tag, sizeof(tag));
	info.jited_prog_len = 64;
	info.run_time_ns = 1500;
	info.run_cnt = 3;
	return info;
}

TEST(ProgramInfo, CopiesKernelFields)
{
	ProgramInfo prog = program_info_from_kernel(sample_info());
	EXPECT_EQ(prog.id, 42u);
	EXPECT_EQ(prog.type, static_cast<std::uint32_t>(BPF_PROG_TYPE_XDP));
	EXPECT_EQ(prog.name, "xdp_pass");
	EXPECT_TRUE(prog.jited);
	EXPECT_EQ(prog.run_time_ns, 1500u);
	EXPECT_EQ(prog.run_cnt, 3u);
	EXPECT_EQ(tag_to_hex(prog.tag), "001fa0ff1234abcd");
}

TEST(ProgramInfo, NotJitedWithoutJitImage)
{
	bpf_prog_info info = sample_info();
	info.jited_prog_len = 0;
	EXPECT_FALSE(program_info_from_kernel(info).jited);
}

TEST(ProgramInfo, NameWithoutNulStopsAtArrayEnd)
{
	bpf_prog_info info = sample_info();
	std::memset(info.name, 'a', sizeof(info.name));
	EXPECT_EQ(program_info_from_kernel(info).name, std::string(sizeof(info.name), 'a'));
}

TEST(ProgramInfo, EmptyNameStaysEmpty)
{
	bpf_prog_info info = sample_info();
	info.name[0] = '\0';
	EXPECT_EQ(program_info_from_kernel(info).name, "");
}

TEST(TagToHex, LowercaseSixteenDigits)
{
	ProgTag tag = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x0a};
	EXPECT_EQ(tag_to_hex(tag), "deadbeef0102030a");
	EXPECT_EQ(tag_to_hex(ProgTag{}), "0000000000000000");
}

/* Needs bpf(2) and privileges: skipped where the host does not allow it. */
TEST(ListPrograms, IdsAreUniqueAndAscending)
{
	Result<std::vector<ProgramInfo>> programs = list_programs();
	if (!programs)
		GTEST_SKIP() << programs.error().message() << ": " << std::strerror(programs.error().code());
	std::uint32_t previous = 0;
	for (const ProgramInfo &prog : programs.value()) {
		EXPECT_GT(prog.id, previous);
		previous = prog.id;
	}
}

} // namespace
} // namespace rex
