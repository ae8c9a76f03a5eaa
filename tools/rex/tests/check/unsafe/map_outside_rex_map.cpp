// expect: mutable-global
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

constinit rex::array_map<rex::u64, 2> sneaky{"sneaky"};

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
