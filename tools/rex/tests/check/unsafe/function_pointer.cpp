// expect: function-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int g() { return 1; }

static int f()
{
	int (*fp)() = g;
	return fp();
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
