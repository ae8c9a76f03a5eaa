// SPDX-License-Identifier: GPL-2.0
#include "error_report.h"

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

} // namespace
} // namespace rex::cli
