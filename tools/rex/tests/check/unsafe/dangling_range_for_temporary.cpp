// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct pair_of {
	int values[2];
	rex::span<int> all() { return values; }
};

static pair_of make()
{
	return pair_of{{1, 2}};
}

/* The loop ranges over a view of a temporary gone before the first iteration. */
static int f()
{
	int sum = 0;
	for (int v : make().all())
		sum += v;
	return sum;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
