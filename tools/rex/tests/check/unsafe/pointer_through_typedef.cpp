// expect: raw-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

typedef int *int_ptr;

static int f(int_ptr p)
{
	return p ? 1 : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
