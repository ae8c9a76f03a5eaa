// expect: goto
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f(int x)
{
	if (x)
		goto out;
	x = 2;
out:
	return x;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
