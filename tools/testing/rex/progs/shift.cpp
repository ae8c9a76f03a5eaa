// SPDX-License-Identifier: GPL-2.0
/*
 * shift: shifts the packet length left by 40 - args[0] bits.  As created,
 * args[0] is 0: a shift of a 32-bit value by 40 panics (the kernel's
 * __ubsan_handle_shift_out_of_bounds_abort) and the run returns XDP_DROP.
 * With args[0] = 35 it shifts by 5, stores the result in args[1] and
 * returns XDP_PASS.
 */
#include <rex/rex.hpp>

REX_MAP(args, rex::array_map<rex::u32, 2>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u32 amount = 40 - args.lookup(0).value_or(0);
	if (!args.update(1, ctx.size() << amount))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(shift, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
