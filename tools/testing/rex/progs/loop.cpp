// SPDX-License-Identifier: GPL-2.0
/*
 * loop: with control[0] != 0, loops forever in its own code (no helper
 * calls), counting iterations in control[1]: only the watchdog can stop it
 * (panic "timeout", XDP_DROP).  With control[0] == 0 (as created) it
 * returns XDP_PASS at once.  The atomic add keeps the loop a loop: an
 * infinite loop without side effects is one the compiler may delete.
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u64, 2>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto spin = control.lookup(0);
	auto iterations = control.lookup(1);
	if (!spin || !iterations)
		return rex::xdp_action::aborted;
	while (rex::atomic_load(*spin) != 0)
		rex::atomic_add(*iterations, 1);
	return rex::xdp_action::pass;
}

REX_PROGRAM(loop, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
