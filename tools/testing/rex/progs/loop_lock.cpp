// SPDX-License-Identifier: GPL-2.0
/*
 * loop_lock: as loop, but every iteration takes and releases a spin lock
 * (counting in counters[0].data under it) and calls nothing else.  The
 * lock holds interrupts off, so a watchdog tick that comes while it is held
 * is taken when rex_spin_unlock turns them back on, inside the kernel, and
 * only marks the termination pending: rex_spin_unlock's own check then
 * stops the program (report "stopped after a helper call").  A tick or the
 * other CPU's NMI that finds it in its own code stops it there instead.
 * Either way: panic "timeout", XDP_DROP, the lock free.
 */
#include <rex/rex.hpp>

using counter = rex::locked<rex::u32>;

REX_MAP(control, rex::array_map<rex::u64, 2>);
REX_MAP(counters, rex::array_map<counter, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto spin = control.lookup(0);
	auto value = counters.lookup(0);
	if (!spin || !value)
		return rex::xdp_action::aborted;
	while (rex::atomic_load(*spin) != 0) {
		rex::spin_lock_guard guard(value->lock);
		value->data += 1;
	}
	return rex::xdp_action::pass;
}

REX_PROGRAM(loop_lock, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
