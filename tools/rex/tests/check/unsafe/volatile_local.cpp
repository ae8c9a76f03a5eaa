// expect: volatile
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f()
{
	volatile int x = 1;
	return x;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
