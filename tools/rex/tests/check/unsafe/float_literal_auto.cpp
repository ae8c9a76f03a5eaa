// expect: floating-point
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f()
{
	auto half = 0.5;
	return half > 0 ? 1 : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
