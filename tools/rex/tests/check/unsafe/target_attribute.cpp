// expect: attribute
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* SSE registers in kernel context, which saves no FPU state for programs. */
[[gnu::target("sse2")]] static rex::u64 sum(const rex::u64 (&a)[8])
{
	rex::u64 total = 0;
	for (rex::u64 v : a)
		total += v;
	return total;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	const rex::u64 a[8] = {ctx.size(), 1, 2, 3, 4, 5, 6, 7};
	return sum(a) ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
