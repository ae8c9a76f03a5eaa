// SPDX-License-Identifier: GPL-2.0
/*
 * two_locks: takes the lock of counters[0], then that of counters[1].  A
 * program may hold one lock at a time, so the second acquire panics; the
 * kernel releases the first.  Returns XDP_DROP (the default) every run;
 * keep_running, so repeated runs show the first lock is free again.
 */
#include <rex/rex.hpp>

using counter = rex::locked<rex::u32>;

REX_MAP(counters, rex::array_map<counter, 2>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto first = counters.lookup(0);
	auto second = counters.lookup(1);
	if (!first || !second)
		return rex::xdp_action::aborted;
	rex::spin_lock_guard outer(first->lock);
	first->data += 1;
	rex::spin_lock_guard inner(second->lock); /* panics */
	second->data += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(two_locks, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
