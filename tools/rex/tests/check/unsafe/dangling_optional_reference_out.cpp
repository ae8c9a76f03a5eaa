// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* An optional out-parameter: rebinds the caller's span if one is given. */
static void aim(rex::optional<rex::span<int> &> out, rex::span<int> to)
{
	if (out)
		*out = to;
}

static int f()
{
	rex::span<int> s;
	{
		int a[2] = {1, 2};
		aim(s, a);
	}
	return s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
