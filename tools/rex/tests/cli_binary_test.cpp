// SPDX-License-Identifier: GPL-2.0
/* Runs the real rex binary, as a user or a script would. */
#include "build_info.h"
#include "run_process.h"

#include <gtest/gtest.h>

namespace rex::testing {
namespace {

ProcessResult rex(std::vector<std::string> args)
{
	args.insert(args.begin(), REX_BINARY_PATH);
	return run_process(args);
}

TEST(RexBinary, VersionPrintsVersionAndExitsZero)
{
	ProcessResult r = rex({"--version"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out.rfind("rex " + std::string(build_info::version) + "\n", 0), 0u) << r.out;
	EXPECT_NE(r.out.find("UAPI headers: Linux "), std::string::npos) << r.out;
	EXPECT_EQ(r.err, "");
}

TEST(RexBinary, HelpListsCommandsAndExitsZero)
{
	ProcessResult r = rex({"--help"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out.rfind("usage: rex ", 0), 0u) << r.out;
	EXPECT_NE(r.out.find("  list "), std::string::npos) << r.out;
	EXPECT_EQ(r.err, "");
}

TEST(RexBinary, UnknownCommandIsUsageError)
{
	ProcessResult r = rex({"frobnicate"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.out, "");
	EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("rex --help"), std::string::npos) << r.err;
}

TEST(RexBinary, NoCommandIsUsageError)
{
	ProcessResult r = rex({});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err.rfind("usage: rex ", 0), 0u) << r.err;
}

/* Whether or not this host lets us use bpf(2), the outcome must be clean. */
TEST(RexBinary, ListSucceedsOrExplainsFailure)
{
	ProcessResult r = rex({"list"});
	if (r.exit_code == 0) {
		std::string header = r.out.substr(0, r.out.find('\n'));
		EXPECT_NE(header.find("ID  TYPE"), std::string::npos) << r.out;
		EXPECT_NE(header.find("  NAME"), std::string::npos) << r.out;
		EXPECT_NE(header.find("  TAG"), std::string::npos) << r.out;
		EXPECT_EQ(r.err, "");
	} else {
		EXPECT_EQ(r.exit_code, 1);
		EXPECT_EQ(r.out, "");
		EXPECT_EQ(r.err.rfind("rex list: BPF_", 0), 0u) << r.err;
	}
}

} // namespace
} // namespace rex::testing
