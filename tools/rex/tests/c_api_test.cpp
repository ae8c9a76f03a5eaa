// SPDX-License-Identifier: GPL-2.0
#include <librex/rex.h>

#include "test_data.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

extern "C" int rex_c_api_prog_count(const char *path); /* c_api_header_test.c */

namespace {

TEST(CApi, UsableFromC)
{
	EXPECT_EQ(rex_c_api_prog_count(rex::testing::test_image_path("sample_image").c_str()), 2);
	EXPECT_EQ(rex_c_api_prog_count("/nonexistent.rex"), -ENOENT);
}

TEST(CApi, OpenListsProgramsAndReportsUnloadedFds)
{
	struct rex_image *image = nullptr;
	ASSERT_EQ(rex_image_open(rex::testing::test_image_path("sample_image").c_str(), &image), 0);
	ASSERT_NE(image, nullptr);

	EXPECT_EQ(rex_image_prog_count(image), 2u);
	EXPECT_STREQ(rex_image_prog_name(image, 0), "count_open");
	EXPECT_STREQ(rex_image_prog_name(image, 1), "xdp_pass");
	EXPECT_EQ(rex_image_prog_name(image, 2), nullptr);
	EXPECT_EQ(rex_prog_fd(image, "xdp_pass"), -EBADF);
	EXPECT_EQ(rex_prog_fd(image, "nope"), -ENOENT);
	EXPECT_EQ(rex_map_fd(image, "counts"), -EBADF);
	EXPECT_STREQ(rex_image_error(image), "");

	EXPECT_EQ(rex_prog_fd(image, nullptr), -EINVAL);
	EXPECT_EQ(rex_image_load_prog(image, "nope"), -ENOENT);
	EXPECT_NE(std::string(rex_image_error(image)).find("no program named 'nope'"), std::string::npos);
	rex_image_close(image);
}

TEST(CApi, KeepRunningIsSetBeforeLoading)
{
	struct rex_image *image = nullptr;
	ASSERT_EQ(rex_image_open(rex::testing::test_image_path("sample_image").c_str(), &image), 0);
	EXPECT_EQ(rex_image_set_keep_running(image, 1), 0);
	EXPECT_EQ(rex_image_set_keep_running(image, 0), 0);
	EXPECT_EQ(rex_image_set_keep_running(nullptr, 1), -EINVAL);
	rex_image_close(image);
}

TEST(CApi, OpenFailureIsNegativeErrno)
{
	struct rex_image *image = nullptr;
	EXPECT_EQ(rex_image_open("/nonexistent.rex", &image), -ENOENT);
	EXPECT_EQ(image, nullptr);
	EXPECT_EQ(rex_image_open("/proc/self/cmdline", &image), -ENOEXEC);
	EXPECT_EQ(rex_image_open(nullptr, &image), -EINVAL);
}

} // namespace
