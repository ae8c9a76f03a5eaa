// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The range is the span inside adjust_head()'s temporary result, gone before the loop (C++20). */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u32 sum = 0;
	for (rex::u8 b : ctx.adjust_head(0).value())
		sum += b;
	return sum ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
