// expect: attribute
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The compiler trusts the assumption and drops the bounds check of a[i]. */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u64 a[4] = {};
	rex::u32 i = ctx.size();
	[[assume(i < 4)]];
	a[i] = 1;
	return a[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
