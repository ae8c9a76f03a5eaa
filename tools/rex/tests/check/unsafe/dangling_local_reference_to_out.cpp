// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Rebinds the caller's view through a local reference to it. */
static void aim(rex::span<int> &out, rex::span<int> to)
{
	rex::span<int> &dst = out;
	dst = to;
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
