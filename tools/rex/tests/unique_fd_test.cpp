// SPDX-License-Identifier: GPL-2.0
#include <librex/unique_fd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace rex {
namespace {

bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

TEST(UniqueFd, ClosesOnDestruction)
{
	int fds[2];
	ASSERT_EQ(pipe(fds), 0);
	close(fds[1]);
	{
		UniqueFd fd(fds[0]);
		EXPECT_TRUE(fd.valid());
		EXPECT_TRUE(fd_is_open(fds[0]));
	}
	EXPECT_FALSE(fd_is_open(fds[0]));
}

TEST(UniqueFd, MoveTransfersOwnership)
{
	int fds[2];
	ASSERT_EQ(pipe(fds), 0);
	close(fds[1]);

	UniqueFd a(fds[0]);
	UniqueFd b(std::move(a));
	EXPECT_FALSE(a.valid());
	EXPECT_EQ(b.get(), fds[0]);
	a = UniqueFd();
	EXPECT_TRUE(fd_is_open(fds[0]));
	b = UniqueFd();
	EXPECT_FALSE(fd_is_open(fds[0]));
}

TEST(UniqueFd, ReleaseKeepsFdOpen)
{
	int fds[2];
	ASSERT_EQ(pipe(fds), 0);
	close(fds[1]);

	int raw;
	{
		UniqueFd fd(fds[0]);
		raw = fd.release();
		EXPECT_FALSE(fd.valid());
	}
	EXPECT_TRUE(fd_is_open(raw));
	close(raw);
}

} // namespace
} // namespace rex
