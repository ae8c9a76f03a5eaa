// SPDX-License-Identifier: GPL-2.0
/*
 * Recursion: on a packet of 14 + N bytes, recurses N + 1 levels (each
 * with the stack check at entry, as recursion implies). Its eBPF twin is
 * N + 1 tail calls (rex-test-ebpf-twin tailcall PINNED N), the way eBPF
 * programs express a bounded chain of calls.
 */
#include <rex/rex.hpp>

/*
 * 1 + 3 + 9 + ... (levels terms) mod 2^32: the multiply and add after the
 * call keep clang from turning the recursion into a loop (the tail-call
 * twin keeps its level counter in a per-CPU map instead, the only state
 * eBPF carries from one program to the next). The base case is the
 * unlikely one, as in any recursion, so the code falls through to the call.
 */
static rex::u32 descend(rex::u32 levels)
{
	if (levels == 0) [[unlikely]]
		return 0;
	return descend(levels - 1) * 3 + 1;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	if (descend(ctx.size() - 13) == 0)
		return rex::xdp_action::drop;
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_recurse, run);
