// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The lambda's local dies when the call returns; s outlives it. */
static int f()
{
	rex::span<int> s;
	auto aim = [&] {
		int inner[2] = {1, 2};
		s = inner;
	};
	aim();
	return s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
