// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Swapping two views: w ends up viewing c, which dies at the brace. */
static int f()
{
	rex::span<int> w;
	{
		int b[2] = {1, 2};
		int c[2] = {3, 4};
		rex::span<int> x = c;
		rex::span<int> y = b;
		rex::span<int> tmp = x;
		x = y;
		y = tmp;
		w = tmp;
	}
	return w.empty() ? 0 : w[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
