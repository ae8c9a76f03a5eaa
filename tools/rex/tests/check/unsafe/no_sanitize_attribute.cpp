// expect: attribute
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Without its bounds check, a[i] reads wherever i says. */
[[clang::no_sanitize("array-bounds")]] static rex::u64 peek(const rex::u64 (&a)[2], rex::u32 i)
{
	return a[i];
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	const rex::u64 a[2] = {1, 2};
	return peek(a, ctx.size()) ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
