// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* rex::fill binds out's views to a, which dies at the brace. */

static int f()
{
	rex::array<rex::span<int>, 2> out = {};
	{
		int a[2] = {1, 2};
		rex::fill(out, rex::span<int>(a));
	}
	return out[0][0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
