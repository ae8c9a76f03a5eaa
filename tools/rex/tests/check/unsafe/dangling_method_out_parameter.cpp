// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct pair_of {
	int values[2];
	void expose(rex::span<int> &out) { out = values; }
};

/* expose() binds s to p's own array; p dies at the brace. */
static int f()
{
	rex::span<int> s;
	{
		pair_of p{{1, 2}};
		p.expose(s);
	}
	return s.empty() ? 0 : s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
