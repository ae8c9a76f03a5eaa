/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Atomic read-modify-write on a shared value, e.g. a counter in an
 * array_map that every CPU updates:
 *
 *	if (auto packets = counters.lookup(0))
 *		rex::atomic_add(*packets, 1);
 *
 * Relaxed ordering: enough for counters and statistics.
 */

#include <rex/types.hpp>

namespace rex {

/* target += amount, atomically; returns the old value. */
template <typename T>
inline T atomic_add(T &target, detail::type_identity_t<T> amount)
{
	static_assert(__is_integral(T) && (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8),
		      "rex::atomic_add: T must be an integer of 1, 2, 4 or 8 bytes");
	return __atomic_fetch_add(&target, amount, __ATOMIC_RELAXED);
}

/* target's value, read in one piece. */
template <typename T>
inline T atomic_load(const T &target)
{
	static_assert(__is_integral(T) && (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8),
		      "rex::atomic_load: T must be an integer of 1, 2, 4 or 8 bytes");
	return __atomic_load_n(&target, __ATOMIC_RELAXED);
}

} // namespace rex
