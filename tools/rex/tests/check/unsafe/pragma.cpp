// expect: pragma
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

#pragma GCC optimize("O0")

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
