// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A by-value view parameter rebound to a local at function scope, then returned. */
static rex::span<int> or_default(rex::span<int> s)
{
	int fallback[2] = {0, 0};
	if (s.empty())
		s = fallback;
	return s;
}

static int f()
{
	return or_default(rex::span<int>())[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
