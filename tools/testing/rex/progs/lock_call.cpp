// SPDX-License-Identifier: GPL-2.0
/*
 * lock_call: takes counters[0].lock and, holding it, calls a
 * helper (bpf_ktime_get_ns).  No kernel call is made under a lock, so the
 * support layer panics before the call; the kernel releases the lock.
 * Returns XDP_DROP (the default) every run; keep_running, so the next run
 * takes the lock again (counters[0].data counts the acquires).
 */
#include <rex/rex.hpp>

REX_MAP(counters, rex::array_map<rex::locked<rex::u32>, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto value = counters.lookup(0);
	if (!value)
		return rex::xdp_action::aborted;
	rex::spin_lock_guard guard(value->lock);
	value->data += 1;
	if (rex::ktime_get_ns() == 0) /* panics: a helper call under the lock */
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(lock_call, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
