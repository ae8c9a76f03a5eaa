// expect: floating-point
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f(double d)
{
	return static_cast<int>(d);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
