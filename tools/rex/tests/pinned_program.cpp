// SPDX-License-Identifier: GPL-2.0
#include "pinned_program.h"

#include "run_process.h"

#include <cstdlib>
#include <sys/vfs.h>
#include <unistd.h>

namespace rex::testing {

namespace {
constexpr long bpf_fs_magic = 0xcafe4a11; /* BPF_FS_MAGIC, <linux/magic.h> */
} // namespace

std::string test_bpffs_dir()
{
	const char *dir = std::getenv("REX_TEST_BPFFS");
	return dir && *dir ? dir : "/sys/fs/bpf";
}

bool is_bpffs(const std::string &dir)
{
	struct statfs fs;
	return statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == bpf_fs_magic;
}

void PinnedProgram::SetUp()
{
	dir_ = test_bpffs_dir();
	if (geteuid() != 0 || !is_bpffs(dir_))
		GTEST_SKIP() << "needs root and a bpffs at " << dir_ << " (or set REX_TEST_BPFFS)";
	path_ = dir_ + "/rex_unit_" + std::to_string(getpid());
	ProcessResult r = run_process({REX_PIN_PROG_PATH, name, path_});
	if (r.exit_code != 0) {
		path_.clear();
		GTEST_SKIP() << "host refuses to load an XDP program: " << r.err;
	}
	id_ = r.out.substr(0, r.out.find('\n'));
}

void PinnedProgram::TearDown()
{
	if (!path_.empty())
		unlink(path_.c_str());
}

} // namespace rex::testing
