// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Each iteration's array dies at the end of the body; s is used after. */
static int f(rex::span<int> s)
{
	for (int i = 0; i < 2; i++) {
		int scratch[4] = {};
		s = rex::span<int>(scratch).first(2);
	}
	s[0] = 7;
	return s[1];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	int storage[2] = {};
	return f(storage) ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
