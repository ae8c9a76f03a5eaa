// SPDX-License-Identifier: GPL-2.0
/* Links: what BPF_LINK_CREATE is asked for each target, pinning paths, unpin checks. */
#include <librex/link.h>
#include <librex/pinned.h>

#include <gtest/gtest.h>

#include <linux/if_link.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace rex {
namespace {

TEST(LinkParams, XdpModes)
{
	bpf::LinkCreateParams automatic = xdp_link_params(5, 1, XdpMode::automatic);
	EXPECT_EQ(automatic.prog_fd, 5);
	EXPECT_EQ(automatic.attach_type, static_cast<std::uint32_t>(BPF_XDP));
	EXPECT_EQ(automatic.target, 1u);
	EXPECT_EQ(automatic.flags, 0u);
	EXPECT_EQ(xdp_link_params(5, 1, XdpMode::generic).flags, static_cast<std::uint32_t>(XDP_FLAGS_SKB_MODE));
	EXPECT_EQ(xdp_link_params(5, 1, XdpMode::native).flags, static_cast<std::uint32_t>(XDP_FLAGS_DRV_MODE));
}

TEST(LinkParams, TcxDirections)
{
	bpf::LinkCreateParams ingress = tc_link_params(5, 3, TcDirection::ingress);
	EXPECT_EQ(ingress.attach_type, bpf::attach_tcx_ingress);
	EXPECT_EQ(ingress.target, 3u);
	EXPECT_EQ(ingress.flags, 0u);
	EXPECT_EQ(tc_link_params(5, 3, TcDirection::egress).attach_type, bpf::attach_tcx_egress);
}

TEST(LinkParams, TcxAttachTypesMatchTheKernel)
{
	/* enum bpf_attach_type of Linux 6.6+, in case the headers predate it. */
	EXPECT_EQ(bpf::attach_tcx_ingress, 46u);
	EXPECT_EQ(bpf::attach_tcx_egress, 47u);
}

TEST(LinkParams, PerfEventTargetsTheEventFd)
{
	bpf::LinkCreateParams params = perf_link_params(5, 9);
	EXPECT_EQ(params.attach_type, static_cast<std::uint32_t>(BPF_PERF_EVENT));
	EXPECT_EQ(params.target, 9u);
	EXPECT_EQ(params.flags, 0u);
}

TEST(LinkParams, AttrCarriesEveryField)
{
	union bpf_attr attr = bpf::link_create_attr(xdp_link_params(5, 7, XdpMode::generic));
	EXPECT_EQ(attr.link_create.prog_fd, 5u);
	EXPECT_EQ(attr.link_create.target_ifindex, 7u);
	EXPECT_EQ(attr.link_create.attach_type, static_cast<std::uint32_t>(BPF_XDP));
	EXPECT_EQ(attr.link_create.flags, static_cast<std::uint32_t>(XDP_FLAGS_SKB_MODE));
	EXPECT_EQ(attr.link_create.perf_event.bpf_cookie, 0u);

	union bpf_attr perf = bpf::link_create_attr(perf_link_params(5, 9));
	EXPECT_EQ(perf.link_create.target_fd, 9u);
}

TEST(DeviceIfindex, LoopbackExists)
{
	Result<std::uint32_t> lo = device_ifindex("lo");
	ASSERT_TRUE(lo) << lo.error().message();
	EXPECT_GT(lo.value(), 0u);
}

TEST(DeviceIfindex, UnknownDeviceIsNamed)
{
	Result<std::uint32_t> none = device_ifindex("rexnosuchdev0");
	ASSERT_FALSE(none);
	EXPECT_EQ(none.error().code(), ENODEV);
	EXPECT_EQ(none.error().message(), "no network device 'rexnosuchdev0'");
}

TEST(LinkPinPath, OneLinkOrADirectory)
{
	EXPECT_EQ(link_pin_path("/sys/fs/bpf/l", 0, false), "/sys/fs/bpf/l");
	EXPECT_EQ(link_pin_path("/sys/fs/bpf/l", 0, true), "/sys/fs/bpf/l/link0");
	EXPECT_EQ(link_pin_path("/sys/fs/bpf/l", 11, true), "/sys/fs/bpf/l/link11");
}

TEST(LinkTypeName, AsBpftoolSpellsThem)
{
	EXPECT_EQ(link_type_name(BPF_LINK_TYPE_XDP), "xdp");
	EXPECT_EQ(link_type_name(BPF_LINK_TYPE_PERF_EVENT), "perf_event");
	EXPECT_EQ(link_type_name(11), "tcx");
	EXPECT_EQ(link_type_name(99), "link:99");
}

TEST(BpfObjectKind, FromTheAnonInodeName)
{
	EXPECT_EQ(bpf_object_kind_from_fd_link("anon_inode:bpf-prog"), BpfObjectKind::program);
	EXPECT_EQ(bpf_object_kind_from_fd_link("anon_inode:bpf-map"), BpfObjectKind::map);
	EXPECT_EQ(bpf_object_kind_from_fd_link("anon_inode:bpf-link"), BpfObjectKind::link);
	EXPECT_EQ(bpf_object_kind_from_fd_link("anon_inode:bpf_link"), BpfObjectKind::link);
	EXPECT_EQ(bpf_object_kind_from_fd_link("anon_inode:[eventfd]"), BpfObjectKind::other);
	EXPECT_EQ(bpf_object_kind_from_fd_link("/tmp/x"), BpfObjectKind::other);
}

TEST(BpfObjectKind, OfAnOrdinaryFile)
{
	Result<BpfObjectKind> kind = bpf_object_kind(STDIN_FILENO);
	ASSERT_TRUE(kind) << kind.error().message();
	EXPECT_EQ(kind.value(), BpfObjectKind::other);
	EXPECT_EQ(bpf_object_kind_name(BpfObjectKind::other), "something else");
}

class TempDir : public ::testing::Test {
protected:
	void SetUp() override
	{
		char path[] = "/tmp/rex-link-test-XXXXXX";
		ASSERT_NE(mkdtemp(path), nullptr);
		dir_ = path;
	}
	void TearDown() override
	{
		std::remove((dir_ + "/notes").c_str());
		rmdir(dir_.c_str());
	}
	std::string dir_;
};

TEST_F(TempDir, UnpinRefusesAForeignEntryAndRemovesNothing)
{
	std::ofstream(dir_ + "/notes") << "not a link\n";
	Result<std::vector<UnpinnedLink>> unpinned = unpin_links(dir_);
	ASSERT_FALSE(unpinned);
	EXPECT_EQ(unpinned.error().code(), EINVAL);
	EXPECT_EQ(unpinned.error().message(), dir_ + " holds 'notes', which rex attach does not pin: nothing was removed");
	struct stat st;
	EXPECT_EQ(stat((dir_ + "/notes").c_str(), &st), 0);
}

TEST_F(TempDir, UnpinOfAnEmptyDirectory)
{
	Result<std::vector<UnpinnedLink>> unpinned = unpin_links(dir_);
	ASSERT_FALSE(unpinned);
	EXPECT_EQ(unpinned.error().code(), ENOENT);
	EXPECT_EQ(unpinned.error().message(), dir_ + " holds no pinned links");
}

TEST(UnpinLinks, NothingThere)
{
	Result<std::vector<UnpinnedLink>> unpinned = unpin_links("/tmp/rex-no-such-link");
	ASSERT_FALSE(unpinned);
	EXPECT_EQ(unpinned.error().code(), ENOENT);
}

} // namespace
} // namespace rex
