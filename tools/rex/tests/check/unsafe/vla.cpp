// expect: vla
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f(int n)
{
	int values[n];
	values[0] = 1;
	return values[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
