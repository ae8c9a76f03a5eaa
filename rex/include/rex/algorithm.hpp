/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Small algorithms over spans and arrays, checked like the spans they use:
 *
 *	rex::array<rex::u8, 6> mac = {};
 *	rex::copy(packet.subspan(6, 6), mac);          // panics if mac is too small
 *	if (auto at = rex::find(packet.first(14), 0xff)) ...
 *	rex::u32 len = rex::clamp(ctx.size(), 64u, 1500u);
 *
 * A range is a rex::span, a rex::array or a plain array.  All are
 * constexpr; contract violations (a too-short destination, clamp with
 * lo > hi) panic with the caller's line.
 */

#include <rex/array.hpp>
#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

namespace rex {

namespace detail {

/* The elements of a range as a span. */
template <typename T>
constexpr span<T> view(span<T> s)
{
	return s;
}
template <typename T, usize N>
constexpr span<T> view(array<T, N> &a)
{
	return a.as_span();
}
template <typename T, usize N>
constexpr span<const T> view(const array<T, N> &a)
{
	return a.as_span();
}
template <typename T, usize N>
constexpr span<T> view(T (&a)[N])
{
	return span<T>(a);
}

template <typename R>
concept range = requires(R &r) { detail::view(r); };

} // namespace detail

/* The smaller of a and b (a if they are equal); both of the same type. */
template <typename T>
constexpr T min(const T &a, const T &b)
{
	return b < a ? b : a;
}

/* The larger of a and b (a if they are equal); both of the same type. */
template <typename T>
constexpr T max(const T &a, const T &b)
{
	return a < b ? b : a;
}

/* value, brought into [lo, hi]; panics if lo > hi. */
template <typename T>
constexpr T clamp(const T &value, const T &lo, const T &hi, source_location where = source_location::current())
{
	if (hi < lo) [[unlikely]]
		detail::panic_at("rex::clamp with lo > hi", where);
	return value < lo ? lo : hi < value ? hi : value;
}

/* Sets every element of range to value. */
template <typename R, typename V>
	requires detail::range<R>
constexpr void fill(R &&range, const V &value)
{
	for (auto &element : detail::view(range))
		element = value;
}

/*
 * Copies every element of from to the start of to; panics unless to has
 * room for them.  The ranges may overlap.  Returns how many were copied.
 */
template <typename From, typename To>
	requires detail::range<From> && detail::range<To>
constexpr usize copy(const From &from, To &&to, source_location where = source_location::current())
{
	auto source = detail::view(from);
	auto dest = detail::view(to);
	using T = typename decltype(dest)::element_type;
	static_assert(!__is_const(T), "rex::copy(from, to): to must be writable (not a span<const T>)");
	static_assert(__is_same(typename detail::remove_cv<typename decltype(source)::element_type>::type, T),
		      "rex::copy(from, to): from and to must have the same element type");
	static_assert(__is_trivially_copyable(T), "rex::copy(from, to): the elements must be trivially copyable");
	if (source.size() > dest.size()) [[unlikely]]
		detail::panic_at("rex::copy into a range that is too short", where);
	if (source.size())
		__builtin_memmove(dest.begin(), source.begin(), source.size_bytes());
	return source.size();
}

/* The index of the first element equal to value, or nothing. */
template <typename R, typename V>
	requires detail::range<R>
constexpr optional<usize> find(const R &range, const V &value)
{
	auto elements = detail::view(range);
	for (usize i = 0; i < elements.size(); i++)
		if (elements[i] == value)
			return i;
	return nullopt;
}

/* How many elements equal value. */
template <typename R, typename V>
	requires detail::range<R>
constexpr usize count(const R &range, const V &value)
{
	usize n = 0;
	for (const auto &element : detail::view(range))
		n += element == value;
	return n;
}

/* Do a and b have the same size and equal elements? */
template <typename A, typename B>
	requires detail::range<A> && detail::range<B>
constexpr bool equal(const A &a, const B &b)
{
	auto left = detail::view(a);
	auto right = detail::view(b);
	if (left.size() != right.size())
		return false;
	for (usize i = 0; i < left.size(); i++)
		if (!(left[i] == right[i]))
			return false;
	return true;
}

} // namespace rex
