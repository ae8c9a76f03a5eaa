// SPDX-License-Identifier: GPL-2.0
/*
 * recursion: recurses control[0] levels deep and returns the depth it
 * reached (also stored in control[1]).  Recursion gives the image no
 * static stack bound, so rex build compiles every function with the
 * stack check at entry (meta: stack checked at run time).  Each level
 * takes 24 bytes of stack (return address, frame pointer, a saved
 * register), so depth 1000 (24000 bytes) fits the program's 47 KiB budget
 * (tested with 1000); 100000 must stop in the stack check (panic
 * "stack exhausted", default return 0xdead) instead of running off the
 * stack.  keep_running.
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u32, 3>);

/*
 * 1 + step + step^2 + ... (n terms), mod 2^32; with step == 1 (control[2]
 * as created is 0, taken as 1), the depth.  The multiply after the call
 * keeps the compiler from turning the recursion into a loop.
 */
static rex::u32 descend(rex::u32 n, rex::u32 step)
{
	if (n == 0)
		return 0;
	return descend(n - 1, step) * step + 1;
}

static rex::u32 run(rex::xdp_ctx &)
{
	rex::u32 step = control.lookup(2).value_or(0);
	rex::u32 depth = descend(control.lookup(0).value_or(0), step ? step : 1);
	(void)control.update(1, depth); /* index 1 of 3: cannot fail */
	return depth;
}

REX_PROGRAM(recursion, run, .default_ret = 0xdead, .keep_running = true);
