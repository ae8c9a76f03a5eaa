// SPDX-License-Identifier: GPL-2.0
/*
 * div0: divides the packet length by args[0].  args[0] is 0 as the map is
 * created, so the division panics ("division by zero" from the kernel's
 * __ubsan_handle_divrem_overflow_abort, with this file's line) and the run
 * returns XDP_DROP.  With args[0] != 0 it returns XDP_PASS and stores the
 * quotient in args[1].  keep_running, so one load serves both cases.
 */
#include <rex/rex.hpp>

REX_MAP(args, rex::array_map<rex::u32, 2>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u32 divisor = args.lookup(0).value_or(1);
	if (!args.update(1, ctx.size() / divisor))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(div0, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
