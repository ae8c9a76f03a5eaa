// expect: attribute
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

[[gnu::section(".text.evil")]] static int f() { return 1; }

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
