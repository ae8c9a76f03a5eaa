/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * array<T, N>: N values of T in place, with checked indexing, e.g. the name
 * of the current task:
 *
 *	rex::array<char, 16> comm = rex::get_current_comm().value_or({});
 */

#include <rex/panic.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

namespace rex {

template <typename T, usize N>
struct array {
	static_assert(N > 0, "rex::array<T, N>: N must be at least 1");

	/* Public so that array is an aggregate: array<u8, 2> a = {1, 2}; */
	T elements[N];

	static constexpr usize size() { return N; }

	constexpr T &operator[](detail::checked_index i)
	{
		check(i);
		return elements[i.value];
	}
	constexpr const T &operator[](detail::checked_index i) const
	{
		check(i);
		return elements[i.value];
	}

	constexpr span<T> as_span() [[clang::lifetimebound]] { return span<T>(elements); }
	constexpr span<const T> as_span() const [[clang::lifetimebound]] { return span<const T>(elements); }

	constexpr T *begin() { return elements; }
	constexpr T *end() { return elements + N; }
	constexpr const T *begin() const { return elements; }
	constexpr const T *end() const { return elements + N; }

private:
	static constexpr void check(detail::checked_index i)
	{
		if (i.value >= N) [[unlikely]]
			detail::panic_at("rex::array index out of bounds", i.where);
	}
};

} // namespace rex
