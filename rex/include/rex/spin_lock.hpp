/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A spin lock in a map value, taken for the lifetime of a guard.  A value
 * that holds a lock is a rex::locked<T>: the lock, then T's data.
 *
 *	struct account {
 *		rex::u64 packets, bytes;
 *	};
 *	REX_MAP(accounts, rex::array_map<rex::locked<account>, 1>);
 *
 *	if (auto acct = accounts.lookup(0)) {
 *		rex::spin_lock_guard guard(acct->lock);
 *		acct->data.packets += 1;
 *		acct->data.bytes += ctx.size();
 *	}	// unlocked here
 *
 * A program holds at most one lock at a time: taking a second one panics,
 * so two programs can never deadlock on each other's locks.  As in BPF, the
 * lock is held with interrupts off, so the watchdog cannot stop a program
 * inside its critical section: keep it short and loop-free.  If the
 * program panics while holding the lock, the kernel releases it.
 *
 * The lock word belongs to the kernel.  rex load creates a map of locked
 * values with BTF that says where the lock is, so that whole-value copies
 * (update() from the program, BPF_MAP_UPDATE_ELEM from user space) leave
 * it alone, and the kernel refuses at load a map that lacks that BTF.  In
 * the program, a locked<T> is never created, copied or assigned: it exists
 * only in map memory, and update() of an array_map or hash_map of
 * locked<T> takes a T.
 */

#include <rex/runtime.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/*
 * The kernel's struct bpf_spin_lock: 4 bytes, zero when unlocked.  Only a
 * spin_lock_guard can take it.  No program can create one or copy one (its
 * constructors are private, and the copy operations are declared but never
 * defined, so that a value holding one is not trivially copyable and
 * cannot be mistaken for plain data): a lock exists only in the memory of
 * a map of rex::locked values, where the kernel put it.
 */
class spin_lock final {
private:
	spin_lock() = default;
	spin_lock(const spin_lock &);
	spin_lock &operator=(const spin_lock &);

	friend class spin_lock_guard;
	bpf_spin_lock lock_;
};

static_assert(sizeof(spin_lock) == sizeof(bpf_spin_lock) && alignof(spin_lock) == alignof(bpf_spin_lock),
	      "rex::spin_lock must be layout-compatible with struct bpf_spin_lock");
static_assert(!is_plain_data<spin_lock>, "rex::spin_lock must not pass for plain data");

/*
 * A map value with a lock: the lock first (REX_MAP_F_SPIN_LOCK says the
 * value starts with it), then the data it protects.  Only an array_map or
 * a hash_map holds locked values, as in BPF.
 */
template <typename T>
struct locked final {
	static_assert(is_plain_data<T>,
		      "rex::locked<T>: T must be plain data (trivially copyable, standard layout, no pointers or "
		      "references), and so holds no spin lock of its own");

	spin_lock lock;
	T data;
};

namespace detail {

template <typename V>
inline constexpr bool is_locked_value = false;
template <typename T>
inline constexpr bool is_locked_value<locked<T>> = true;

/*
 * The bytes update() hands the kernel for a locked<T>: locked<T>'s layout,
 * all zero but for the data (the kernel does not copy the lock word; the
 * padding after it goes into the map, where user space reads it).  Filled
 * in place, in the caller's frame: a copy returned by value would not keep
 * the padding.
 */
template <typename T>
struct locked_bytes {
	alignas(locked<T>) unsigned char bytes[sizeof(locked<T>)];

	explicit locked_bytes(const T &data)
	{
		__builtin_memset(bytes, 0, sizeof(bytes));
		__builtin_memcpy(bytes + __builtin_offsetof(locked<T>, data), &data, sizeof(T));
	}
};

} // namespace detail

/* Holds a spin_lock from its construction to the end of its scope. */
class spin_lock_guard {
public:
	/*
	 * Plain calls, without the termination check of kernel_call: the
	 * watchdog cannot act while the lock holds interrupts off, and the
	 * kernel's rex_spin_unlock makes the check itself, after it turns
	 * them back on.
	 */
	[[nodiscard]] explicit spin_lock_guard(spin_lock &lock) : lock_(lock)
	{
		detail::rex_spin_lock(&lock_.lock_);
	}
	~spin_lock_guard() { detail::rex_spin_unlock(&lock_.lock_); }

	/* A guard is its scope: it is neither copied nor moved. */
	spin_lock_guard(const spin_lock_guard &) = delete;
	spin_lock_guard &operator=(const spin_lock_guard &) = delete;

private:
	spin_lock &lock_;
};

} // namespace rex
