// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct binder {
	binder(rex::span<int> &out, rex::span<int> v) { out = v; }
};

/* A constructor used as the setter: it binds s to a, which dies at the brace. */
static int f()
{
	rex::span<int> s;
	{
		int a[2] = {1, 2};
		binder b(s, a);
	}
	return s.empty() ? 0 : s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
