// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The closure is a temporary: s dangles at the semicolon. */
static int f()
{
	int arr[2] = {1, 2};
	rex::span<int> s = [arr]() mutable { return rex::span<int>(arr); }();
	return s[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
