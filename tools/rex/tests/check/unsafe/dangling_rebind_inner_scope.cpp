// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* v is rebound to x, and read after x is gone. */
static int f()
{
	rex::optional<int &> v;
	{
		int x = 1;
		v = x;
	}
	return v ? *v : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
