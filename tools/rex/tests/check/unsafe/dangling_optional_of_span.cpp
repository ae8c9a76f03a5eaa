// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* An optional that holds a view is a view: o outlives a. */
static int f()
{
	rex::optional<rex::span<int>> o;
	{
		int a[2] = {1, 2};
		o = rex::span<int>(a);
	}
	return o ? (*o)[0] : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
