// SPDX-License-Identifier: GPL-2.0
#include "error_report.h"
#include "load_command.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace rex::cli {
namespace {

TEST(ErrorReport, PermissionDeniedSuggestsPrivileges)
{
	Error error(EPERM, "BPF_PROG_GET_NEXT_ID after id 0");
	EXPECT_EQ(format_error("list", error),
		  std::string("rex list: BPF_PROG_GET_NEXT_ID after id 0: ") + std::strerror(EPERM) +
			  " (run as root or with CAP_SYS_ADMIN/CAP_BPF)");
}

TEST(ErrorReport, MissingSyscallNamesKernelOption)
{
	Error error(ENOSYS, "BPF_PROG_GET_NEXT_ID after id 0");
	EXPECT_EQ(format_error("list", error),
		  std::string("rex list: BPF_PROG_GET_NEXT_ID after id 0: ") + std::strerror(ENOSYS) +
			  " (kernel built without CONFIG_BPF_SYSCALL)");
}

TEST(ErrorReport, NoHintMeansNoParentheses)
{
	Error error(EINVAL, "BPF_OBJ_GET_INFO_BY_FD for program fd 3");
	EXPECT_EQ(format_error("list", error),
		  std::string("rex list: BPF_OBJ_GET_INFO_BY_FD for program fd 3: ") + std::strerror(EINVAL));
	EXPECT_TRUE(error_hint(EINVAL).empty());
}

TEST(ErrorReport, AccessDeniedSharesPermissionHint)
{
	EXPECT_EQ(error_hint(EACCES), error_hint(EPERM));
}

/* A refusal the kernel's log explains is not a matter of privileges. */
TEST(ErrorReport, LoadRefusalWithAKernelLogHasNoPrivilegeHint)
{
	Error error(EACCES, "BPF_PROG_LOAD of program 'p'");
	std::string text = format_load_error(error, "rex: import commit_creds: forbidden symbol", "load", false);
	EXPECT_EQ(text, "rex load: BPF_PROG_LOAD of program 'p': EACCES: " + std::string(std::strerror(EACCES)) +
				"\nkernel log:\n  rex: import commit_creds: forbidden symbol\n");
	/* Without one, it usually is. */
	text = format_load_error(error, "", "load", false);
	EXPECT_NE(text.find("(run as root or with CAP_SYS_ADMIN/CAP_BPF)"), std::string::npos) << text;
}

} // namespace
} // namespace rex::cli
