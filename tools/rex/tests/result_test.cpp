// SPDX-License-Identifier: GPL-2.0
#include <librex/result.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>

namespace rex {
namespace {

Result<int> parse_digit(char c)
{
	if (c < '0' || c > '9')
		return Error(EINVAL, std::string("not a digit: ") + c);
	return c - '0';
}

/* Uses REX_TRY twice: the second must not run when the first fails. */
int second_calls = 0;

Result<int> add_digits(char a, char b)
{
	int x = REX_TRY(parse_digit(a));
	second_calls++;
	int y = REX_TRY(parse_digit(b));
	return x + y;
}

Result<void> check_even(int n)
{
	if (n % 2)
		return Error(EDOM, "odd");
	return {};
}

Result<std::string> describe_even(int n)
{
	REX_TRY(check_even(n));
	return "even";
}

TEST(Result, HoldsValue)
{
	Result<int> r = parse_digit('7');
	ASSERT_TRUE(r.has_value());
	EXPECT_TRUE(static_cast<bool>(r));
	EXPECT_EQ(r.value(), 7);
}

TEST(Result, HoldsErrorCodeAndMessage)
{
	Result<int> r = parse_digit('x');
	ASSERT_FALSE(r.has_value());
	EXPECT_EQ(r.error().code(), EINVAL);
	EXPECT_EQ(r.error().message(), "not a digit: x");
}

TEST(Result, TryPassesValueThrough)
{
	second_calls = 0;
	Result<int> r = add_digits('2', '3');
	ASSERT_TRUE(r);
	EXPECT_EQ(r.value(), 5);
	EXPECT_EQ(second_calls, 1);
}

TEST(Result, TryReturnsFirstErrorEarly)
{
	second_calls = 0;
	Result<int> r = add_digits('a', '3');
	ASSERT_FALSE(r);
	EXPECT_EQ(r.error().message(), "not a digit: a");
	EXPECT_EQ(second_calls, 0);
}

TEST(Result, TryReturnsLaterError)
{
	Result<int> r = add_digits('1', 'b');
	ASSERT_FALSE(r);
	EXPECT_EQ(r.error().message(), "not a digit: b");
}

TEST(Result, VoidResultPropagatesThroughTry)
{
	Result<std::string> ok = describe_even(4);
	ASSERT_TRUE(ok);
	EXPECT_EQ(ok.value(), "even");

	Result<std::string> bad = describe_even(3);
	ASSERT_FALSE(bad);
	EXPECT_EQ(bad.error().code(), EDOM);
}

TEST(Result, HoldsMoveOnlyValue)
{
	Result<std::unique_ptr<int>> r = std::make_unique<int>(42);
	ASSERT_TRUE(r);
	std::unique_ptr<int> p = r.release_value();
	ASSERT_NE(p, nullptr);
	EXPECT_EQ(*p, 42);
}

TEST(ResultDeathTest, ValueOfErrorAborts)
{
	Result<int> r = Error(EIO, "boom");
	EXPECT_DEATH((void)r.value(), "value\\(\\) of a failed Result");
}

} // namespace
} // namespace rex
