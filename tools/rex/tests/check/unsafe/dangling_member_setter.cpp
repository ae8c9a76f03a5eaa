// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct holder {
	rex::span<int> values;
	void aim(rex::span<int> v) { values = v; }
};

/* aim() rebinds h's view to a, which dies at the end of the block. */
static int f()
{
	holder h;
	{
		int a[2] = {1, 2};
		h.aim(a);
	}
	return h.values.empty() ? 0 : h.values[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
