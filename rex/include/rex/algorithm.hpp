/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Small algorithms over spans and arrays, checked like the spans they use:
 *
 *	rex::array<rex::u8, 6> mac = {};
 *	rex::copy(packet.subspan(6, 6), mac);          // panics if mac is too small
 *	if (auto at = rex::find(packet.first(14), 0xff)) ...
 *	if (auto at = rex::search(packet, magic)) ...   // a byte pattern
 *	rex::u32 len = rex::clamp(ctx.size(), 64u, 1500u);
 *	for (rex::u32 i : rex::iota(0u, len)) ...
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

/*
 * The index of the first place where needle occurs in haystack (element by
 * element), or nothing.  An empty needle occurs at 0; one longer than
 * haystack nowhere.  A plain scan, O(haystack * needle): meant for short
 * patterns such as a few bytes of a header.
 */
template <typename H, typename N>
	requires detail::range<H> && detail::range<N>
constexpr optional<usize> search(const H &haystack, const N &needle)
{
	auto elements = detail::view(haystack);
	auto pattern = detail::view(needle);
	if (pattern.size() > elements.size())
		return nullopt;
	for (usize start = 0; start <= elements.size() - pattern.size(); start++) {
		usize matched = 0;
		while (matched < pattern.size() && elements[start + matched] == pattern[matched])
			matched++;
		if (matched == pattern.size())
			return start;
	}
	return nullopt;
}

/*
 * Calls fn(element) for each element of range, in order; fn may take the
 * element by reference to change it:
 *
 *	rex::for_each(packet.subspan(6, 6), [](rex::u8 &b) { b = 0xff; });
 */
template <typename R, typename F>
	requires detail::range<R>
constexpr void for_each(R &&range, F fn)
{
	for (auto &element : detail::view(range))
		fn(element);
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

/*
 * The integers first, first + 1, ..., last - 1, for range-for: what
 * rex::iota(first, last) returns.  Empty if last <= first.  The bound is
 * fixed when the range is made, so the loop ends.
 */
template <typename T>
class iota_range {
	static_assert(detail::is_integer_like<T> && !__is_enum(T),
		      "rex::iota: the bounds must be integers (not bool or an enum)");

public:
	class iterator {
	public:
		constexpr T operator*() const { return value_; }
		constexpr iterator &operator++()
		{
			++value_;
			return *this;
		}
		friend constexpr bool operator==(iterator a, iterator b) = default;

	private:
		friend iota_range;
		constexpr explicit iterator(T value) : value_(value) {}
		T value_;
	};

	constexpr iota_range(T first, T last) : first_(first), last_(last < first ? first : last) {}

	constexpr iterator begin() const { return iterator(first_); }
	constexpr iterator end() const { return iterator(last_); }
	constexpr usize size() const { return static_cast<usize>(last_ - first_); }
	constexpr bool empty() const { return first_ == last_; }

private:
	T first_;
	T last_;
};

/*
 * first, ..., last - 1, counting up:
 *
 *	for (rex::u32 i : rex::iota(0u, ctx.size()))
 *		...
 *
 * Both bounds have the same type, so that no sign conversion hides in the
 * loop (write 0u for a u32 bound).
 */
template <typename T, typename U>
constexpr iota_range<T> iota(T first, U last)
{
	static_assert(__is_same(T, U),
		      "rex::iota(first, last): first and last must have the same type "
		      "(write 0u, or rex::u64{0}, to match last)");
	return iota_range<T>(first, last);
}

/* 0, ..., count - 1. */
template <typename T>
constexpr iota_range<T> iota(T count)
{
	return iota_range<T>(T{0}, count);
}

} // namespace rex
