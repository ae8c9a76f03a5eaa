// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Checked in each instantiation of the generic lambda: y dies when it returns. */
static int f()
{
	auto first_of = [](auto v) {
		decltype(v) y[2] = {v, v};
		return rex::span<decltype(v)>(y).first(1);
	};
	return first_of(2)[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
