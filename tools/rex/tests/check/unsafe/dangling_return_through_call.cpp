// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::span<int> same(rex::span<int> s)
{
	return s;
}

/* clang follows a view into same() but not back out of it. */
static rex::span<int> make()
{
	int local[4] = {};
	return same(local);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return make()[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
