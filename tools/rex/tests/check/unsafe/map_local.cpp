// expect: map-outside-rex-map
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* No kernel map is bound to a local map object: its lookup would write near address 0. */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	const rex::array_map<rex::u64, 512> local("local");
	if (auto v = local.lookup(ctx.size()))
		*v = 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
