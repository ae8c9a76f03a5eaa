// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* An array of views, filled in the scope it is declared in. */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	int a[2] = {1, 2};
	int b[2] = {3, 4};
	rex::array<rex::span<int>, 2> views = {};
	views[0] = a;
	views[1] = b;
	return views[0][0] + views[1][1] + static_cast<int>(ctx.size()) ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
