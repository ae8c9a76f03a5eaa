// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The lambda rebinds s, captured by reference, to its argument's target. */
static int f()
{
	rex::span<int> s;
	auto aim = [&s](rex::span<int> v) { s = v; };
	{
		int a[2] = {1, 2};
		aim(a);
	}
	return s.empty() ? 0 : s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
