// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

template <typename F>
static F keep(F f)
{
	return f;
}

/*
 * The closure holds a reference to n, which dies when next_of returns
 * (clang sees this when the lambda is returned directly, not through keep).
 */
static auto next_of(int start)
{
	int n = start;
	return keep([&n] { return ++n; });
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto next = next_of(1);
	return next() == 2 ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
