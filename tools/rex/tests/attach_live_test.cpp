// SPDX-License-Identifier: GPL-2.0
/*
 * rex attach and detach against the host kernel: the eBPF XDP program of
 * rex-test-pin-prog (XDP_PASS) on lo in generic mode, which any kernel
 * allows.  Skipped like the other live tests (pinned_program.h); Rex
 * programs are attached for real in the QEMU tests under tools/testing/rex/.
 */
#include "pinned_program.h"
#include "run_process.h"

#include <librex/bpf_syscall.h>

#include <gtest/gtest.h>

#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace rex::testing {
namespace {

class AttachedProgram : public PinnedProgram {
protected:
	void SetUp() override
	{
		PinnedProgram::SetUp();
		if (IsSkipped())
			return;
		link_ = dir_ + "/rex_unit_link_" + std::to_string(getpid());
	}
	void TearDown() override
	{
		if (!link_.empty())
			unlink(link_.c_str());
		PinnedProgram::TearDown();
	}
	std::string link_;
};

bool exists(const std::string &path)
{
	struct stat st;
	return stat(path.c_str(), &st) == 0;
}

TEST_F(AttachedProgram, XdpGenericOnLoUntilDetached)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "attach", path_, "xdp", "lo", "--mode", "generic", "--pin", link_});
	if (r.exit_code != 0 && r.err.find("Device or resource busy") != std::string::npos)
		GTEST_SKIP() << "lo has an XDP program already: " << r.err;
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out.rfind("attached program " + id_ + " (" + name + ") to xdp lo (generic)\nlink ", 0), 0u)
		<< r.out;
	EXPECT_NE(r.out.find(" pinned at " + link_ + "\n"), std::string::npos) << r.out;

	/* The kernel's view: an XDP link on lo to our program. */
	Result<UniqueFd> fd = bpf::obj_get(link_);
	ASSERT_TRUE(fd) << fd.error().message();
	Result<bpf_link_info> info = bpf::link_get_info_by_fd(fd.value().get());
	ASSERT_TRUE(info) << info.error().message();
	EXPECT_EQ(info.value().type, static_cast<std::uint32_t>(BPF_LINK_TYPE_XDP));
	EXPECT_EQ(info.value().xdp.ifindex, if_nametoindex("lo"));
	EXPECT_EQ(std::to_string(info.value().prog_id), id_);
	fd.value().reset();

	/* A link is not a program to attach. */
	ProcessResult again = run_process({REX_BINARY_PATH, "attach", link_, "xdp", "lo", "--pin", link_ + "x"});
	EXPECT_EQ(again.exit_code, 1);
	EXPECT_EQ(again.err.rfind("rex attach: " + link_ + " is a pinned link, not a program: ", 0), 0u) << again.err;

	ProcessResult detached = run_process({REX_BINARY_PATH, "detach", link_});
	ASSERT_EQ(detached.exit_code, 0) << detached.err;
	EXPECT_EQ(detached.out, "detached link " + std::to_string(info.value().id) + " (xdp) of program " + id_ +
					": unpinned " + link_ + "\n");
	EXPECT_FALSE(exists(link_));
}

TEST_F(AttachedProgram, WrongProgramTypeIsRefusedBeforeTheKernel)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "attach", "id:" + id_, "kprobe", "do_exit", "--pin", link_});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "rex attach: program " + id_ +
				 ": program type xdp cannot attach to kprobe do_exit, which takes type kprobe\n");
	EXPECT_FALSE(exists(link_));
}

TEST_F(AttachedProgram, DetachRefusesAProgram)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "detach", path_});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err.rfind("rex detach: " + path_ + " is a pinned program, not a link: ", 0), 0u) << r.err;
	EXPECT_TRUE(exists(path_));
}

TEST_F(AttachedProgram, StatAllShowsIt)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "stat", "--all", "--json"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_NE(r.out.find("{\"id\":" + id_ + ",\"type\":\"xdp\",\"name\":\"" + name + "\",\"kind\":\"ebpf\","),
		  std::string::npos)
		<< r.out;
}

} // namespace
} // namespace rex::testing
