// SPDX-License-Identifier: GPL-2.0
/*
 * rex list against the host kernel: pin a known program with
 * rex-test-pin-prog and find it in the output.  Skipped unless the host
 * allows it (root, bpf(2) usable, a bpffs at /sys/fs/bpf or at
 * $REX_TEST_BPFFS); the same story runs for real in the QEMU tests under
 * tools/testing/rex/.
 */
#include "pinned_program.h"
#include "run_process.h"

#include <gtest/gtest.h>

#include <string>

namespace rex::testing {
namespace {

TEST_F(PinnedProgram, ListJsonShowsIt)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "list", "--json"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string expected = "{\"id\":" + id_ + ",\"type\":\"xdp\",\"name\":\"" + name +
			       "\",\"kind\":\"ebpf\",\"state\":null,";
	EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
}

TEST_F(PinnedProgram, ListTableShowsIt)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "list"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_NE(r.out.find(id_ + "  xdp "), std::string::npos) << r.out;
	EXPECT_NE(r.out.find(std::string(" ") + name + "  ebpf  -  "), std::string::npos) << r.out;
}

} // namespace
} // namespace rex::testing
