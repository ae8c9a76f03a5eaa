// SPDX-License-Identifier: GPL-2.0
/*
 * The freestanding support layer (rex/include/rex), compiled for the host in
 * its hosted test mode: REX_HOSTED_TEST turns a panic into a call of
 * rex::detail::trap_panic, defined here to report and abort, so that death
 * tests can check both that a contract violation stops the program and
 * what it says.
 */
#include <rex/array.hpp>
#include <rex/optional.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace rex::detail {

[[noreturn]] void trap_panic(const char *message, const char *file, u32 line)
{
	std::fprintf(stderr, "rex panic: %s at %s:%u\n", message, file, line);
	std::abort();
}

} // namespace rex::detail

namespace {

using rex::u8;
using rex::u32;

struct header {
	u8 kind;
	u8 flags;
	rex::u16 length;
};

TEST(Span, IndexesInsideBounds)
{
	u32 values[] = {10, 20, 30};
	rex::span<u32> s(values);
	EXPECT_EQ(s.size(), 3u);
	EXPECT_EQ(s[0], 10u);
	EXPECT_EQ(s[2], 30u);
	s[1] = 21;
	EXPECT_EQ(values[1], 21u);
}

TEST(SpanDeathTest, IndexPastTheEndPanicsWithTheCallersLine)
{
	u32 values[] = {10, 20, 30};
	rex::span<u32> s(values);
	/* The line is the caller's (this file), not span.hpp's. */
	EXPECT_DEATH((void)s[3], "rex panic: rex::span index out of bounds at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)s[static_cast<rex::usize>(-1)], "index out of bounds");
}

TEST(SpanDeathTest, NegativeIntIndexPanics)
{
	u32 values[] = {1, 2};
	rex::span<u32> s(values);
	int i = -1;
	EXPECT_DEATH((void)s[i], "index out of bounds");
}

TEST(Span, GetReturnsNothingOutOfBounds)
{
	u32 values[] = {1, 2};
	rex::span<u32> s(values);
	ASSERT_TRUE(s.get(1));
	EXPECT_EQ(*s.get(1), 2u);
	EXPECT_FALSE(s.get(2));
	EXPECT_FALSE(s.get(static_cast<rex::usize>(-1)));
}

TEST(Span, SubspanStaysInside)
{
	u8 bytes[] = {0, 1, 2, 3, 4, 5};
	rex::span<u8> s(bytes);
	rex::span<u8> middle = s.subspan(2, 3);
	EXPECT_EQ(middle.size(), 3u);
	EXPECT_EQ(middle[0], 2);
	EXPECT_EQ(s.subspan(6).size(), 0u);
	EXPECT_EQ(s.first(2)[1], 1);
	EXPECT_EQ(s.last(2)[0], 4);

	EXPECT_TRUE(s.try_subspan(0, 6));
	EXPECT_FALSE(s.try_subspan(1, 6));
	/* offset + count wraps around: must still be refused. */
	EXPECT_FALSE(s.try_subspan(2, static_cast<rex::usize>(-1)));
	EXPECT_FALSE(s.try_subspan(7, 0));
}

TEST(SpanDeathTest, SubspanBeyondTheEndPanics)
{
	u8 bytes[] = {0, 1, 2, 3};
	rex::span<u8> s(bytes);
	EXPECT_DEATH((void)s.subspan(3, 2), "subspan beyond the end");
	EXPECT_DEATH((void)s.subspan(1, static_cast<rex::usize>(-1)), "subspan beyond the end");
	EXPECT_DEATH((void)s.subspan(5), "subspan beyond the end");
	EXPECT_DEATH((void)s.last(5), "last beyond the end");
}

TEST(Span, RangeForVisitsEveryElement)
{
	u32 values[] = {1, 2, 3, 4};
	u32 sum = 0;
	for (u32 v : rex::span<const u32>(values))
		sum += v;
	EXPECT_EQ(sum, 10u);
}

TEST(Span, ReadAsCopiesPlainDataThatFits)
{
	u8 bytes[] = {0xaa, 7, 1, 0x34, 0x12};
	rex::span<const u8> s(bytes);
	rex::optional<header> h = rex::read_as<header>(s, 1);
	ASSERT_TRUE(h);
	EXPECT_EQ(h->kind, 7);
	EXPECT_EQ(h->flags, 1);
	EXPECT_EQ(h->length, 0x1234); /* little-endian, unaligned */
	EXPECT_FALSE(rex::read_as<header>(s, 2));
	EXPECT_FALSE(rex::read_as<header>(s, static_cast<rex::usize>(-1)));
}

TEST(Optional, EmptyByDefault)
{
	rex::optional<u32> empty;
	EXPECT_FALSE(empty.has_value());
	EXPECT_FALSE(empty);
	EXPECT_EQ(empty.value_or(5), 5u);
	rex::optional<u32> none = rex::nullopt;
	EXPECT_FALSE(none);
}

TEST(Optional, HoldsAValue)
{
	rex::optional<u32> seven = 7u;
	ASSERT_TRUE(seven);
	EXPECT_EQ(*seven, 7u);
	EXPECT_EQ(seven.value(), 7u);
	EXPECT_EQ(seven.value_or(5), 7u);
	*seven = 8;
	EXPECT_EQ(seven.value(), 8u);
	seven.reset();
	EXPECT_FALSE(seven);
}

TEST(OptionalDeathTest, ValueOfEmptyPanicsWithTheCallersLine)
{
	rex::optional<u32> empty;
	EXPECT_DEATH((void)empty.value(), "rex panic: value of an empty rex::optional at .*support_layer_test.cpp:");
	rex::optional<u32 &> no_ref;
	EXPECT_DEATH((void)no_ref.value(), "value of an empty rex::optional");
}

TEST(Optional, ReferenceWritesThrough)
{
	u32 counter = 1;
	rex::optional<u32 &> ref = counter;
	ASSERT_TRUE(ref);
	*ref += 1;
	EXPECT_EQ(counter, 2u);
	EXPECT_EQ(&ref.value(), &counter);
}

TEST(Optional, ReferenceAssignmentRebinds)
{
	u32 a = 1, b = 2;
	rex::optional<u32 &> ref = a;
	ref = rex::optional<u32 &>(b);
	*ref = 20;
	EXPECT_EQ(a, 1u) << "assigning an optional<T&> does not write through";
	EXPECT_EQ(b, 20u);
	EXPECT_EQ(ref.value_or(a), 20u);
	ref.reset();
	EXPECT_EQ(ref.value_or(a), 1u);
}

TEST(Optional, ReferenceConvertsToConst)
{
	u32 a = 3;
	rex::optional<u32 &> ref = a;
	rex::optional<const u32 &> cref = ref;
	ASSERT_TRUE(cref);
	EXPECT_EQ(*cref, 3u);
	rex::optional<const u32 &> empty = rex::optional<u32 &>();
	EXPECT_FALSE(empty);
}

TEST(Array, IndexesAndViews)
{
	rex::array<u8, 4> a = {1, 2, 3, 4};
	EXPECT_EQ(a.size(), 4u);
	a[3] = 40;
	EXPECT_EQ(a.as_span()[3], 40);
	EXPECT_EQ(a.as_span().size(), 4u);
}

TEST(ArrayDeathTest, IndexPastTheEndPanics)
{
	rex::array<u8, 4> a = {};
	EXPECT_DEATH((void)a[4], "rex::array index out of bounds at .*support_layer_test.cpp:");
}

/* What the support layer calls plain data: what may go into a map or be read from bytes. */
static_assert(rex::is_plain_data<u32>);
static_assert(rex::is_plain_data<header>);
static_assert(rex::is_plain_data<rex::array<u8, 16>>);
static_assert(!rex::is_plain_data<u32 *>);
static_assert(!rex::is_plain_data<u32 &>);
struct not_trivial {
	not_trivial(const not_trivial &);
};
static_assert(!rex::is_plain_data<not_trivial>);

/* Spans and optionals are usable in constant expressions. */
constexpr u32 constant_values[] = {4, 5, 6};
static_assert(rex::span<const u32>(constant_values).subspan(1, 2)[1] == 6);
static_assert(!rex::span<const u32>(constant_values).get(3).has_value());
static_assert(rex::optional<u32>(3).value_or(1) == 3);

} // namespace
