// SPDX-License-Identifier: GPL-2.0
/*
 * spinlock: increments counters[0].data under counters[0].lock.  With
 * control[0] != 0 it panics while holding the lock instead: the kernel
 * must release it, so the next run with control[0] == 0 takes it again
 * and increments (a leaked lock would spin until the watchdog stops it).
 * keep_running; the default return is XDP_DROP.
 */
#include <rex/rex.hpp>

using counter = rex::locked<rex::u32>;

REX_MAP(counters, rex::array_map<counter, 1>);
REX_MAP(control, rex::array_map<rex::u32, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	bool panic = control.lookup(0).value_or(0) != 0;
	auto value = counters.lookup(0);
	if (!value)
		return rex::xdp_action::aborted;
	rex::spin_lock_guard guard(value->lock);
	if (panic)
		rex::panic("panic holding a spin lock");
	value->data += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(spinlock, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
