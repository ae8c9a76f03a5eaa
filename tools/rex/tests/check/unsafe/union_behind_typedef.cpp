// expect: union
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

typedef union {
	int i;
	unsigned u;
} bits;

static int f(bits b)
{
	return b.i;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
