// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct window {
	rex::span<int> values;
	int first;
};

/* The struct carries a view of local out of the function. */
static window make(int v)
{
	int local[2] = {v, v};
	return window{local, 0};
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return make(1).values[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
