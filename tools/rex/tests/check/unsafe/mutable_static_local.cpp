// expect: mutable-global
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f()
{
	static int calls = 0;
	return ++calls;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
