// SPDX-License-Identifier: GPL-2.0
/*
 * Recursion: on a packet of 14 + N bytes, recurses N + 1 levels (each
 * with the stack check at entry, as recursion implies). Its eBPF twin is
 * N + 1 tail calls (rex-test-ebpf-twin tailcall PINNED N), the way eBPF
 * programs express a bounded chain of calls.
 */
#include <rex/rex.hpp>

/*
 * 1 + step + step^2 + ... mod 2^32: the multiply after the call keeps
 * clang from turning the recursion into a loop.
 */
static rex::u32 descend(rex::u32 levels, rex::u32 step)
{
	if (levels == 0)
		return 0;
	return descend(levels - 1, step) * step + 1;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u32 step = ctx.size() > 1000 ? 3 : 1; /* 1, but not a constant */

	if (descend(ctx.size() - 13, step) == 0)
		return rex::xdp_action::drop;
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_recurse, run);
