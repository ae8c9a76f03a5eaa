// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct target_of {
	rex::span<int> &view;
};

/* r is declared next to a, but what it assigns is s, declared outside. */
static int f()
{
	rex::span<int> s;
	{
		int a[2] = {1, 2};
		target_of r{s};
		r.view = a;
	}
	return s.empty() ? 0 : s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
