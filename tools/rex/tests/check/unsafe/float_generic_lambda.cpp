// expect: floating-point
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto twice = [](auto v) { return v * 2; };
	return twice(1.5f) > 2 ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
