// SPDX-License-Identifier: GPL-2.0
/*
 * rex list against the host kernel: pin a known program with
 * rex-test-pin-prog and find it in the output.  Skipped unless the host
 * allows it (root, bpf(2) usable, a bpffs at /sys/fs/bpf or at
 * $REX_TEST_BPFFS); the same story runs for real in the QEMU tests under
 * tools/testing/rex/.
 */
#include "run_process.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <sys/vfs.h>
#include <unistd.h>

namespace rex::testing {
namespace {

constexpr long bpf_fs_magic = 0xcafe4a11; /* BPF_FS_MAGIC, <linux/magic.h> */
std::string bpffs_dir()
{
	const char *dir = std::getenv("REX_TEST_BPFFS");
	return dir && *dir ? dir : "/sys/fs/bpf";
}

bool is_bpffs(const std::string &dir)
{
	struct statfs fs;
	return statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == bpf_fs_magic;
}

class PinnedProgram : public ::testing::Test {
protected:
	void SetUp() override
	{
		std::string dir = bpffs_dir();
		if (geteuid() != 0 || !is_bpffs(dir))
			GTEST_SKIP() << "needs root and a bpffs at " << dir << " (or set REX_TEST_BPFFS)";
		path_ = dir + "/rex_unit_" + std::to_string(getpid());
		ProcessResult r = run_process({REX_PIN_PROG_PATH, name, path_});
		if (r.exit_code != 0)
			GTEST_SKIP() << "host refuses to load an XDP program: " << r.err;
		id_ = r.out.substr(0, r.out.find('\n'));
	}

	void TearDown() override
	{
		if (!path_.empty())
			unlink(path_.c_str());
	}

	static constexpr const char *name = "rex_unit_pin";
	std::string path_;
	std::string id_;
};

TEST_F(PinnedProgram, ListJsonShowsIt)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "list", "--json"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string expected = "{\"id\":" + id_ + ",\"type\":\"xdp\",\"name\":\"" + name + "\",\"tag\":\"";
	EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
}

TEST_F(PinnedProgram, ListTableShowsIt)
{
	ProcessResult r = run_process({REX_BINARY_PATH, "list"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_NE(r.out.find(id_ + "  xdp "), std::string::npos) << r.out;
	EXPECT_NE(r.out.find(std::string(" ") + name + " "), std::string::npos) << r.out;
}

} // namespace
} // namespace rex::testing
