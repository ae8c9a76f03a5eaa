// SPDX-License-Identifier: GPL-2.0
/* The bpf(2) attributes librex builds, checked without calling the kernel. */
#include <librex/bpf_syscall.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

namespace rex::bpf {
namespace {

TEST(RexProgLoadAttr, RexFieldsFollowProgTokenFd)
{
	EXPECT_EQ(offsetof(RexProgLoadAttr, prog_token_fd), 144u);
	EXPECT_EQ(offsetof(RexProgLoadAttr, rex_prog_index), 148u);
	EXPECT_EQ(offsetof(RexProgLoadAttr, rex_image), 152u);
	EXPECT_EQ(offsetof(RexProgLoadAttr, rex_image_size), 160u);
	EXPECT_EQ(offsetof(RexProgLoadAttr, rex_flags), 164u);
	EXPECT_EQ(sizeof(RexProgLoadAttr), 168u);
}

TEST(RexProgLoadAttr, KeepRunningIsBit0OfRexFlags)
{
	EXPECT_EQ(rex_load_keep_running, 1u);
	const std::uint8_t image[8] = {};
	RexProgLoadParams params;
	params.image = image;
	EXPECT_EQ(rex_prog_load_attr(params).rex_flags, 0u) << "crash-stop is the default";
	params.rex_flags = rex_load_keep_running;
	EXPECT_EQ(rex_prog_load_attr(params).rex_flags, rex_load_keep_running);
}

TEST(RexProgLoadAttr, SharedFieldsSitWhereUnionBpfAttrHasThem)
{
	EXPECT_EQ(offsetof(RexProgLoadAttr, prog_type), offsetof(union bpf_attr, prog_type));
	EXPECT_EQ(offsetof(RexProgLoadAttr, insn_cnt), offsetof(union bpf_attr, insn_cnt));
	EXPECT_EQ(offsetof(RexProgLoadAttr, license), offsetof(union bpf_attr, license));
	EXPECT_EQ(offsetof(RexProgLoadAttr, log_level), offsetof(union bpf_attr, log_level));
	EXPECT_EQ(offsetof(RexProgLoadAttr, log_size), offsetof(union bpf_attr, log_size));
	EXPECT_EQ(offsetof(RexProgLoadAttr, fd_array), offsetof(union bpf_attr, fd_array));
}

TEST(RexProgLoadAttr, FlagIsBit15)
{
	EXPECT_EQ(prog_flag_rex, 0x8000u);
}

TEST(RexProgLoadAttr, PlaceholderIsMovR0ZeroExit)
{
	std::span<const bpf_insn> insns = rex_placeholder_insns();
	ASSERT_EQ(insns.size(), 2u);
	std::uint8_t raw[2][8];
	std::memcpy(raw, insns.data(), sizeof(raw));
	const std::uint8_t expected[2][8] = {{0xb7, 0, 0, 0, 0, 0, 0, 0}, {0x95, 0, 0, 0, 0, 0, 0, 0}};
	EXPECT_EQ(std::memcmp(raw, expected, sizeof(raw)), 0);
}

TEST(RexProgLoadAttr, CarriesEveryParameter)
{
	const std::uint8_t image[100] = {};
	const int fds[] = {7, 9};
	char log[256];
	RexProgLoadParams params;
	params.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	params.expected_attach_type = BPF_CGROUP_INET_EGRESS;
	params.name = "tc_filter";
	params.prog_index = 3;
	params.image = image;
	params.map_fds = fds;
	params.log = log;

	RexProgLoadAttr attr = rex_prog_load_attr(params);
	EXPECT_EQ(attr.prog_type, static_cast<std::uint32_t>(BPF_PROG_TYPE_SCHED_CLS));
	EXPECT_EQ(attr.expected_attach_type, static_cast<std::uint32_t>(BPF_CGROUP_INET_EGRESS));
	EXPECT_EQ(attr.prog_flags, prog_flag_rex);
	EXPECT_STREQ(attr.prog_name, "tc_filter");
	EXPECT_EQ(attr.insn_cnt, 2u);
	EXPECT_EQ(attr.insns, reinterpret_cast<std::uintptr_t>(rex_placeholder_insns().data()));
	EXPECT_STREQ(reinterpret_cast<const char *>(static_cast<std::uintptr_t>(attr.license)), "GPL");
	EXPECT_EQ(attr.log_level, 1u);
	EXPECT_EQ(attr.log_size, sizeof(log));
	EXPECT_EQ(attr.log_buf, reinterpret_cast<std::uintptr_t>(log));
	EXPECT_EQ(attr.fd_array, reinterpret_cast<std::uintptr_t>(fds));
	EXPECT_EQ(attr.rex_prog_index, 3u);
	EXPECT_EQ(attr.rex_image, reinterpret_cast<std::uintptr_t>(image));
	EXPECT_EQ(attr.rex_image_size, sizeof(image));
	/* Everything the kernel would read as "unused" must be zero. */
	EXPECT_EQ(attr.kern_version, 0u);
	EXPECT_EQ(attr.prog_btf_fd, 0u);
	EXPECT_EQ(attr.prog_token_fd, 0);
	EXPECT_EQ(attr.core_relos, 0u);
}

TEST(RexProgLoadAttr, NoLogNoMapsLeavesThemZero)
{
	const std::uint8_t image[8] = {};
	RexProgLoadParams params;
	params.name = "p";
	params.image = image;
	RexProgLoadAttr attr = rex_prog_load_attr(params);
	EXPECT_EQ(attr.log_level, 0u);
	EXPECT_EQ(attr.log_buf, 0u);
	EXPECT_EQ(attr.log_size, 0u);
	EXPECT_EQ(attr.fd_array, 0u);
}

TEST(RexProgLoadAttr, LongNameIsCutAndTerminated)
{
	RexProgLoadParams params;
	params.name = "a_name_longer_than_fifteen";
	RexProgLoadAttr attr = rex_prog_load_attr(params);
	EXPECT_STREQ(attr.prog_name, "a_name_longer_t");
}

TEST(MapCreateAttr, CarriesTheDescriptor)
{
	MapCreateParams params;
	params.map_type = BPF_MAP_TYPE_LRU_HASH;
	params.key_size = 16;
	params.value_size = 64;
	params.max_entries = 4096;
	params.map_flags = BPF_F_NO_COMMON_LRU;
	params.name = "conn_table";

	union bpf_attr attr = map_create_attr(params);
	EXPECT_EQ(attr.map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_LRU_HASH));
	EXPECT_EQ(attr.key_size, 16u);
	EXPECT_EQ(attr.value_size, 64u);
	EXPECT_EQ(attr.max_entries, 4096u);
	EXPECT_EQ(attr.map_flags, static_cast<std::uint32_t>(BPF_F_NO_COMMON_LRU));
	EXPECT_STREQ(attr.map_name, "conn_table");
	EXPECT_EQ(attr.inner_map_fd, 0u);
	EXPECT_EQ(attr.btf_fd, 0u);
	EXPECT_EQ(attr.btf_key_type_id, 0u);
	EXPECT_EQ(attr.btf_value_type_id, 0u);
}

TEST(MapCreateAttr, CarriesTheBtfOfAValueWithASpinLock)
{
	MapCreateParams params;
	params.map_type = BPF_MAP_TYPE_ARRAY;
	params.key_size = 4;
	params.value_size = 8;
	params.max_entries = 1;
	params.name = "counters";
	params.btf_fd = 7;
	params.btf_key_type_id = 1;
	params.btf_value_type_id = 3;

	union bpf_attr attr = map_create_attr(params);
	EXPECT_EQ(attr.btf_fd, 7u);
	EXPECT_EQ(attr.btf_key_type_id, 1u);
	EXPECT_EQ(attr.btf_value_type_id, 3u);
	EXPECT_EQ(attr.btf_vmlinux_value_type_id, 0u);
}

} // namespace
} // namespace rex::bpf
