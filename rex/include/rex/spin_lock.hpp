/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A spin lock inside a map value, taken for the lifetime of a guard:
 *
 *	struct account {
 *		rex::spin_lock lock;
 *		rex::u64 packets, bytes;
 *	};
 *	REX_MAP(accounts, rex::array_map<account, 1>);
 *
 *	if (auto acct = accounts.lookup(0)) {
 *		rex::spin_lock_guard guard(acct->lock);
 *		acct->packets += 1;
 *		acct->bytes += ctx.size();
 *	}	// unlocked here
 *
 * A program holds at most one lock at a time: taking a second one panics,
 * so two programs can never deadlock on each other's locks.  As in BPF, the
 * lock is held with interrupts off, so the watchdog cannot stop a program
 * inside its critical section: keep it short and loop-free.  If the
 * program panics while holding the lock, the kernel releases it.
 */

#include <rex/runtime.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/*
 * The kernel's struct bpf_spin_lock: 4 bytes, zero when unlocked.  Plain
 * data, so that it can be a member of a map value; only a spin_lock_guard
 * can take it.
 */
class spin_lock {
public:
	constexpr spin_lock() = default;

private:
	friend class spin_lock_guard;
	bpf_spin_lock lock_{};
};

static_assert(sizeof(spin_lock) == sizeof(bpf_spin_lock) && alignof(spin_lock) == alignof(bpf_spin_lock),
	      "rex::spin_lock must be layout-compatible with struct bpf_spin_lock");
static_assert(is_plain_data<spin_lock>, "rex::spin_lock must be plain data, to live in map values");

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
