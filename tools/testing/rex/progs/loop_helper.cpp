// SPDX-License-Identifier: GPL-2.0
/*
 * loop_helper: as loop, but every iteration calls a helper
 * (bpf_ktime_get_ns), so the watchdog often finds it inside the kernel:
 * then it sets terminate_pending, and the support layer's check after the
 * helper stops the program (panic "timeout", XDP_DROP).  control[1] holds
 * the last time read.
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u64, 2>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto spin = control.lookup(0);
	auto last = control.lookup(1);
	if (!spin || !last)
		return rex::xdp_action::aborted;
	while (*spin != 0)
		*last = rex::ktime_get_ns();
	return rex::xdp_action::pass;
}

REX_PROGRAM(loop_helper, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
