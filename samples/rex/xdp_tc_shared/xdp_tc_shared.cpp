// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_tc_shared: one image, two programs, one map. The XDP program counts
 * packets at the driver hook in seen[0], the TC program counts them at the
 * traffic-control hook in seen[1]; both update the same map, and the kernel
 * maps the image once for both.
 */
#include <rex/rex.hpp>

REX_MAP(seen, rex::array_map<rex::u64, 2>);

static void count(rex::u32 hook)
{
	if (auto n = seen.lookup(hook))
		rex::atomic_add(*n, 1);
}

static rex::xdp_action at_xdp(rex::xdp_ctx &)
{
	count(0);
	return rex::xdp_action::pass;
}

static rex::tc_action at_tc(rex::tc_ctx &)
{
	count(1);
	return rex::tc_action::ok;
}

REX_PROGRAM(shared_xdp, at_xdp);
REX_PROGRAM(shared_tc, at_tc);
