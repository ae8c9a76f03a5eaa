// SPDX-License-Identifier: GPL-2.0
#include <librex/prog_type.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>

namespace rex {
namespace {

TEST(ProgTypeName, NamesTheHookTypesRexAttachesTo)
{
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_XDP), "xdp");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_KPROBE), "kprobe");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_TRACEPOINT), "tracepoint");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_PERF_EVENT), "perf_event");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_SCHED_CLS), "sched_cls");
}

TEST(ProgTypeName, MatchesBpftoolSpelling)
{
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_UNSPEC), "unspec");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_SOCKET_FILTER), "socket_filter");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_CGROUP_SKB), "cgroup_skb");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE), "raw_tracepoint_writable");
	EXPECT_EQ(prog_type_name(BPF_PROG_TYPE_SYSCALL), "syscall");
}

TEST(ProgTypeName, KnowsTypesNewerThanHostHeaders)
{
	/* BPF_PROG_TYPE_NETFILTER, Linux 6.4; absent from Debian 12 headers. */
	EXPECT_EQ(prog_type_name(32), "netfilter");
}

TEST(ProgTypeName, UnknownTypeIsNumbered)
{
	EXPECT_EQ(prog_type_name(33), "type:33");
	EXPECT_EQ(prog_type_name(4000000000u), "type:4000000000");
}

} // namespace
} // namespace rex
