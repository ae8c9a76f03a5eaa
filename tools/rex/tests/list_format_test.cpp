// SPDX-License-Identifier: GPL-2.0
#include "list_command.h"

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <vector>

namespace rex::cli {
namespace {

std::vector<ProgramInfo> sample_programs()
{
	ProgramInfo filter;
	filter.id = 3;
	filter.type = BPF_PROG_TYPE_CGROUP_SKB;
	filter.tag = {0x6d, 0xee, 0xf7, 0x35, 0x7e, 0x7b, 0x45, 0x30};
	filter.jited = true;

	ProgramInfo xdp;
	xdp.id = 1042;
	xdp.type = BPF_PROG_TYPE_XDP;
	xdp.name = "rex_xdp_pass";
	xdp.tag = {0xa0, 0x4f, 0x5e, 0xef, 0x06, 0xa7, 0xf5, 0x55};
	xdp.jited = false;
	xdp.kind = ProgramKind::rex;
	xdp.run_time_ns = 1234;
	xdp.run_cnt = 5;
	xdp.runtime = RuntimeStatus{1042, "rex_xdp_pass", ProgState::faulted, PanicPolicy::crash_stop, 2, 1, 40};

	ProgramInfo future;
	future.id = 1043;
	future.type = 77;
	future.name = "new";

	return {filter, xdp, future};
}

TEST(ListTable, ColumnsAlignedWithTag)
{
	EXPECT_EQ(format_program_table(sample_programs()),
		  "  ID  TYPE        NAME          KIND  STATE    TAG\n"
		  "   3  cgroup_skb  -             ebpf  -        6deef7357e7b4530\n"
		  "1042  xdp         rex_xdp_pass  rex   faulted  a04f5eef06a7f555\n"
		  "1043  type:77     new           ebpf  -        0000000000000000\n");
}

TEST(ListTable, EmptyListIsHeaderOnly)
{
	EXPECT_EQ(format_program_table({}), "ID  TYPE  NAME  KIND  STATE  TAG\n");
}

TEST(ListJson, ArrayOfProgramObjects)
{
	EXPECT_EQ(format_program_json(sample_programs()),
		  "[{\"id\":3,\"type\":\"cgroup_skb\",\"name\":\"\",\"kind\":\"ebpf\",\"state\":null,"
		  "\"panics\":null,\"timeouts\":null,\"tag\":\"6deef7357e7b4530\","
		  "\"jited\":true,\"run_time_ns\":0,\"run_cnt\":0},"
		  "{\"id\":1042,\"type\":\"xdp\",\"name\":\"rex_xdp_pass\",\"kind\":\"rex\",\"state\":\"faulted\","
		  "\"panics\":2,\"timeouts\":1,"
		  "\"tag\":\"a04f5eef06a7f555\",\"jited\":false,\"run_time_ns\":1234,\"run_cnt\":5},"
		  "{\"id\":1043,\"type\":\"type:77\",\"name\":\"new\",\"kind\":\"ebpf\",\"state\":null,"
		  "\"panics\":null,\"timeouts\":null,\"tag\":\"0000000000000000\","
		  "\"jited\":false,\"run_time_ns\":0,\"run_cnt\":0}]\n");
}

TEST(ListJson, EmptyListIsEmptyArray)
{
	EXPECT_EQ(format_program_json({}), "[]\n");
}

} // namespace
} // namespace rex::cli
