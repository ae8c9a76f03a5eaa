// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static void point_at(rex::span<int> &out, rex::span<int> to)
{
	out = to;
}

/* point_at() rebinds s to a, which dies at the end of the block. */
static int f()
{
	rex::span<int> s;
	{
		int a[4] = {};
		point_at(s, a);
	}
	return s.empty() ? 0 : s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
