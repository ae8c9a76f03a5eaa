// SPDX-License-Identifier: GPL-2.0
/*
 * divov: divides args[0] by args[1] as signed 32-bit integers and stores
 * the quotient in args[2].  With INT_MIN / -1 the CPU raises a divide
 * error (the result does not fit; the sanitizer checks only division by
 * zero, since -fwrapv makes signed overflow defined): the kernel's trap
 * handler sends the program to the panic path ("fault: divide error"),
 * never an oops, and the run returns XDP_DROP.  keep_running.
 */
#include <rex/rex.hpp>

REX_MAP(args, rex::array_map<rex::s32, 3>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::s32 divisor = args.lookup(1).value_or(1);

	if (divisor == 0)
		return rex::xdp_action::aborted;
	if (!args.update(2, args.lookup(0).value_or(0) / divisor))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(divov, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
