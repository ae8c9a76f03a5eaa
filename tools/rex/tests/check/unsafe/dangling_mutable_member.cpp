// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A const method rebinds a mutable view to a, which dies at the brace. */

struct cache {
	mutable rex::span<int> last;
	void remember(rex::span<int> v) const { last = v; }
};

static int f()
{
	cache c;
	{
		int a[2] = {1, 2};
		c.remember(a);
	}
	return c.last[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
