// SPDX-License-Identifier: GPL-2.0
/*
 * oob: reads element 9 - args[0] of a 4-element array.  As created,
 * args[0] is 0: index 9 panics (the kernel's
 * __ubsan_handle_out_of_bounds_abort) and the run returns XDP_DROP.  With
 * args[0] = 8 it reads primes[1] == 3 into args[1] and returns XDP_PASS.
 */
#include <rex/rex.hpp>

REX_MAP(args, rex::array_map<rex::u32, 2>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	const rex::u32 primes[4] = {2, 3, 5, 7};
	rex::u32 index = 9 - args.lookup(0).value_or(0);
	if (!args.update(1, primes[index]))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(oob, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
