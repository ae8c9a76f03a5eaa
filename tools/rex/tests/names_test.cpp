// SPDX-License-Identifier: GPL-2.0
#include <librex/attach_type.h>
#include <librex/map_type.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>

namespace rex {
namespace {

TEST(MapTypeName, KnownAndUnknown)
{
	EXPECT_EQ(map_type_name(BPF_MAP_TYPE_HASH), "hash");
	EXPECT_EQ(map_type_name(BPF_MAP_TYPE_PERCPU_ARRAY), "percpu_array");
	EXPECT_EQ(map_type_name(BPF_MAP_TYPE_RINGBUF), "ringbuf");
	EXPECT_EQ(map_type_name(33), "arena");
	EXPECT_EQ(map_type_name(500), "type:500");
}

TEST(AttachTypeName, KnownAndUnknown)
{
	EXPECT_EQ(attach_type_name(BPF_CGROUP_INET_INGRESS), "cgroup_inet_ingress");
	EXPECT_EQ(attach_type_name(BPF_TRACE_FENTRY), "trace_fentry");
	EXPECT_EQ(attach_type_name(BPF_XDP), "xdp");
	EXPECT_EQ(attach_type_name(56), "trace_kprobe_session");
	EXPECT_EQ(attach_type_name(999), "attach:999");
}

TEST(ExpectedAttachTypeName, ZeroMeansNoneWhereTheTypeIgnoresIt)
{
	EXPECT_EQ(expected_attach_type_name(BPF_PROG_TYPE_KPROBE, 0), std::nullopt);
	EXPECT_EQ(expected_attach_type_name(BPF_PROG_TYPE_XDP, 0), std::nullopt);
	EXPECT_EQ(expected_attach_type_name(BPF_PROG_TYPE_XDP, BPF_XDP), "xdp");
	EXPECT_EQ(expected_attach_type_name(BPF_PROG_TYPE_CGROUP_SKB, 0), "cgroup_inet_ingress");
}

} // namespace
} // namespace rex
