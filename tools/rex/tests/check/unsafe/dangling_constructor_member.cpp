// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct pair_of {
	int values[2];
	rex::span<int> all() { return values; }
};

struct holder {
	rex::span<int> v;
	explicit holder(pair_of p) : v(p.all()) {}
};

/* The member views the by-value parameter p, gone when the constructor returns. */
static int f()
{
	holder h(pair_of{{1, 2}});
	return h.v[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
