// expect: internal-name
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f()
{
	return rex::detail::is_map_data<rex::u32> ? 1 : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
