// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct pair_of {
	int values[2];
	rex::span<int> all() { return values; }
};

/* all() views p, a local of make(). */
static rex::span<int> make(int v)
{
	pair_of p{{v, v}};
	return p.all();
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return make(1)[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
