// SPDX-License-Identifier: GPL-2.0
/*
 * The loader's object model without the kernel: what it would ask bpf(2)
 * for, in which order, and what it refuses before any system call.
 */
#include <librex/object.h>

#include "test_data.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace rex {
namespace {

Object sample_object()
{
	Result<Object> object = Object::open(testing::test_image_path("sample_image"));
	if (!object)
		ADD_FAILURE() << object.error().message();
	return object.release_value();
}

UniqueFd some_fd()
{
	return UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

TEST(Object, MapsAndProgramsInImageOrder)
{
	Object object = sample_object();
	ASSERT_EQ(object.maps().size(), 2u);
	EXPECT_EQ(object.maps()[0].name(), "counts");
	EXPECT_EQ(object.maps()[1].name(), "events");
	ASSERT_EQ(object.programs().size(), 2u);
	EXPECT_EQ(object.programs()[0].name(), "count_open");
	EXPECT_EQ(object.programs()[0].index(), 0u);
	EXPECT_EQ(object.programs()[1].name(), "xdp_pass");
	EXPECT_EQ(object.programs()[1].index(), 1u);
	EXPECT_FALSE(object.programs()[0].loaded());
	EXPECT_EQ(object.maps()[0].fd(), -1);
}

TEST(Object, MapCreateParamsComeFromTheDescriptor)
{
	Object object = sample_object();
	bpf::MapCreateParams params = object.map_create_params(object.maps()[0]);
	EXPECT_EQ(params.map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_HASH));
	EXPECT_EQ(params.key_size, 4u);
	EXPECT_EQ(params.value_size, 8u);
	EXPECT_EQ(params.max_entries, 1024u);
	EXPECT_EQ(params.map_flags, static_cast<std::uint32_t>(BPF_F_NO_PREALLOC));
	EXPECT_EQ(params.name, "counts");

	union bpf_attr attr = bpf::map_create_attr(object.map_create_params(object.maps()[1]));
	EXPECT_EQ(attr.map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_RINGBUF));
	EXPECT_EQ(attr.max_entries, 4096u);
	EXPECT_STREQ(attr.map_name, "events");
}

TEST(Object, DevmapIsCreatedWithoutTheFlagTheKernelSetsOnIt)
{
	Object object = sample_object();
	MapDesc desc;
	desc.name = "ports";
	desc.key_size = 4;
	desc.value_size = 4;
	desc.max_entries = 4;
	desc.map_flags = BPF_F_RDONLY_PROG | BPF_F_NUMA_NODE;
	desc.map_type = BPF_MAP_TYPE_DEVMAP;
	EXPECT_EQ(object.map_create_params(Map(desc)).map_flags, static_cast<std::uint32_t>(BPF_F_NUMA_NODE))
		<< "the kernel refuses BPF_F_RDONLY_PROG at the creation of a devmap";
	desc.map_type = BPF_MAP_TYPE_ARRAY;
	EXPECT_EQ(object.map_create_params(Map(desc)).map_flags,
		  static_cast<std::uint32_t>(BPF_F_RDONLY_PROG | BPF_F_NUMA_NODE))
		<< "other maps are created with the descriptor's flags";
}

TEST(Object, FdArrayFollowsRexMapsOrder)
{
	Object object = sample_object();
	/* Give the second map its fd first: the order must still be the image's. */
	object.maps()[1].reuse_fd(some_fd());
	object.maps()[0].reuse_fd(some_fd());
	int counts = object.maps()[0].fd();
	int events = object.maps()[1].fd();
	ASSERT_GE(counts, 0);
	ASSERT_GE(events, 0);
	EXPECT_EQ(object.map_fds(), (std::vector<int>{counts, events}));
	EXPECT_EQ(object.find_map("events")->fd(), events);
}

TEST(Object, ProgLoadParamsForTheSecondProgram)
{
	Object object = sample_object();
	object.maps()[0].reuse_fd(some_fd());
	object.maps()[1].reuse_fd(some_fd());
	std::vector<int> fds = object.map_fds();
	char log[64];

	const Program &xdp = *object.find_program("xdp_pass");
	bpf::RexProgLoadAttr attr = bpf::rex_prog_load_attr(object.prog_load_params(xdp, fds, log));
	EXPECT_EQ(attr.prog_type, static_cast<std::uint32_t>(BPF_PROG_TYPE_XDP));
	EXPECT_EQ(attr.expected_attach_type, 0u);
	EXPECT_STREQ(attr.prog_name, "xdp_pass");
	EXPECT_EQ(attr.prog_flags, bpf::prog_flag_rex);
	EXPECT_EQ(attr.rex_prog_index, 1u);
	EXPECT_EQ(attr.rex_image, reinterpret_cast<std::uintptr_t>(object.image().file().data()));
	EXPECT_EQ(attr.rex_image_size, object.image().file().size());
	EXPECT_EQ(attr.fd_array, reinterpret_cast<std::uintptr_t>(fds.data()));
	EXPECT_EQ(attr.log_buf, reinterpret_cast<std::uintptr_t>(log));
}

TEST(Object, PanicPolicyBecomesRexFlags)
{
	Object object = sample_object();
	const Program &xdp = *object.find_program("xdp_pass");
	EXPECT_EQ(object.panic_policy(), PanicPolicy::crash_stop);
	EXPECT_EQ(object.prog_load_params(xdp, {}, {}).rex_flags, 0u);
	object.set_panic_policy(PanicPolicy::keep_running);
	EXPECT_EQ(object.prog_load_params(xdp, {}, {}).rex_flags, bpf::rex_load_keep_running);
	object.set_panic_policy(PanicPolicy::crash_stop);
	EXPECT_EQ(object.prog_load_params(xdp, {}, {}).rex_flags, 0u);
}

TEST(Object, UnknownProgramIsRefusedBeforeAnyMapIsCreated)
{
	Object object = sample_object();
	Result<void> loaded = object.load("nope");
	ASSERT_FALSE(loaded);
	EXPECT_EQ(loaded.error().code(), ENOENT);
	EXPECT_EQ(loaded.error().message(), "no program named 'nope' in the image (it has count_open, xdp_pass)");
	EXPECT_EQ(object.maps()[0].fd(), -1);
}

TEST(Object, ProgramNeedsItsMapsFirst)
{
	Object object = sample_object();
	object.maps()[0].reuse_fd(some_fd());
	Result<void> loaded = object.load_program(object.programs()[0]);
	ASSERT_FALSE(loaded);
	EXPECT_EQ(loaded.error().code(), EBADF);
	EXPECT_EQ(loaded.error().message(), "map 'events' is not created yet");
}

TEST(Object, PinNeedsTheMaps)
{
	Object object = sample_object();
	Result<void> pinned = object.pin("/sys/fs/bpf/x");
	ASSERT_FALSE(pinned);
	EXPECT_EQ(pinned.error().code(), EBADF);
}

} // namespace
} // namespace rex
