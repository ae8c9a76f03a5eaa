// expect: c-style-cast
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f(long &v)
{
	return (int &)v;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
