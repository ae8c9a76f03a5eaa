// SPDX-License-Identifier: GPL-2.0
/*
 * rex map against the host kernel: maps made with BPF_MAP_CREATE and
 * pinned in /sys/fs/bpf or $REX_TEST_BPFFS, read and changed with the
 * real binary.  Skipped unless the host allows it (root, bpf(2), a bpffs
 * there); tools/testing/rex/scenarios/cli/map.sh tells the same story
 * with a Rex program in the QEMU tests.
 */
#include "pinned_program.h"
#include "run_process.h"

#include <librex/bpf_syscall.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <string>
#include <vector>

#include <unistd.h>

namespace rex::testing {
namespace {

class PinnedMaps : public ::testing::Test {
protected:
	void SetUp() override
	{
		std::string dir = test_bpffs_dir();
		if (geteuid() != 0 || !is_bpffs(dir))
			GTEST_SKIP() << "needs root and a bpffs at " << dir << " (or set REX_TEST_BPFFS)";
		prefix_ = dir + "/rex_unit_map_" + std::to_string(getpid()) + "_";
		if (!pin("array", BPF_MAP_TYPE_ARRAY, 4, 8, 2) || !pin("hash", BPF_MAP_TYPE_HASH, 4, 4, 4) ||
		    !pin("percpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 1) || !pin("queue", BPF_MAP_TYPE_QUEUE, 0, 4, 2) ||
		    !pin("ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096))
			GTEST_SKIP() << "the host refuses to create maps";
	}

	void TearDown() override
	{
		for (const std::string &path : pinned_)
			unlink(path.c_str());
	}

	bool pin(const char *name, std::uint32_t type, std::uint32_t key_size, std::uint32_t value_size,
		 std::uint32_t max_entries)
	{
		bpf::MapCreateParams params;
		params.map_type = type;
		params.key_size = key_size;
		params.value_size = value_size;
		params.max_entries = max_entries;
		params.name = name;
		Result<UniqueFd> fd = bpf::map_create(params);
		if (!fd || !bpf::obj_pin(fd.value().get(), path(name)))
			return false;
		pinned_.push_back(path(name));
		return true;
	}

	std::string path(const char *name) const { return prefix_ + name; }

	ProcessResult rex(std::vector<std::string> args) const
	{
		args.insert(args.begin(), {REX_BINARY_PATH, "map"});
		return run_process(args);
	}

	std::string prefix_;
	std::vector<std::string> pinned_;
};

TEST_F(PinnedMaps, UpdateThenLookupAndDump)
{
	ProcessResult r = rex({"update", path("array"), "1", "42"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");

	r = rex({"lookup", path("array"), "1"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "key 1 (01 00 00 00)  value 42 (2a 00 00 00 00 00 00 00)\n");

	r = rex({"dump", path("array"), "--json"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "[{\"key\":{\"bytes\":\"00 00 00 00\",\"int\":0},"
			 "\"value\":{\"bytes\":\"00 00 00 00 00 00 00 00\",\"int\":0}},"
			 "{\"key\":{\"bytes\":\"01 00 00 00\",\"int\":1},"
			 "\"value\":{\"bytes\":\"2a 00 00 00 00 00 00 00\",\"int\":42}}]\n");
}

TEST_F(PinnedMaps, ArraysCannotDelete)
{
	ProcessResult r = rex({"delete", path("array"), "0"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("is an array map: its entries always exist and cannot be deleted"), std::string::npos)
		<< r.err;
}

TEST_F(PinnedMaps, HashEntriesComeAndGo)
{
	EXPECT_EQ(rex({"update", path("hash"), "0x0a", "7", "--create"}).exit_code, 0);
	ProcessResult r = rex({"update", path("hash"), "10", "8", "--create"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("key 10 (0a 00 00 00) has an entry already"), std::string::npos) << r.err;
	r = rex({"lookup", path("hash"), "0a 00 00 00"});
	EXPECT_EQ(r.out, "key 10 (0a 00 00 00)  value 7 (07 00 00 00)\n");
	EXPECT_EQ(rex({"delete", path("hash"), "10"}).exit_code, 0);
	r = rex({"lookup", path("hash"), "10"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "rex map lookup: " + path("hash") + ": no entry for key 10 (0a 00 00 00)\n");
	r = rex({"dump", path("hash")});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err, "rex map dump: note: " + path("hash") + " is empty\n");
}

TEST_F(PinnedMaps, PercpuUpdateSetsEveryCpu)
{
	ASSERT_EQ(rex({"update", path("percpu"), "0", "3"}).exit_code, 0);
	ProcessResult r = rex({"lookup", path("percpu"), "0"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out.rfind("key 0 (00 00 00 00)\n  cpu 0  value 3 (03 00 00 00)\n", 0), 0u) << r.out;
}

TEST_F(PinnedMaps, QueuePushAndPop)
{
	EXPECT_EQ(rex({"push", path("queue"), "60"}).exit_code, 0);
	EXPECT_EQ(rex({"push", path("queue"), "0x40"}).exit_code, 0);
	ProcessResult r = rex({"push", path("queue"), "1"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("the queue is full (2 values)"), std::string::npos) << r.err;
	EXPECT_EQ(rex({"pop", path("queue")}).out, "value 60 (3c 00 00 00)\n");
	EXPECT_EQ(rex({"pop", path("queue"), "--json"}).out, "{\"value\":{\"bytes\":\"40 00 00 00\",\"int\":64}}\n");
	r = rex({"pop", path("queue")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("the queue is empty"), std::string::npos) << r.err;
}

TEST_F(PinnedMaps, RefusedWithWhatToUse)
{
	ProcessResult r = rex({"dump", path("ringbuf")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("is a ringbuf map: its records are not entries"), std::string::npos) << r.err;
	r = rex({"dump", path("queue")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("rex map pop"), std::string::npos) << r.err;
}

TEST_F(PinnedMaps, SizeMismatchIsUsageError)
{
	ProcessResult r = rex({"lookup", path("array"), "01 00"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "rex map lookup: " + path("array") +
				 ": the key is 4 bytes, not 2 ('01 00'): give an integer or 4 hex bytes "
				 "('00 00 00 00')\n");
}

TEST_F(PinnedMaps, NotAMap)
{
	ProcessResult r = rex({"dump", path("absent")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("nothing is pinned there"), std::string::npos) << r.err;
}

} // namespace
} // namespace rex::testing
