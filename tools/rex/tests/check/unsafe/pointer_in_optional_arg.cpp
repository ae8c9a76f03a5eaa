// expect: raw-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static bool f(rex::optional<int *> o)
{
	return o.has_value();
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
