// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static const int &pick(const int &x)
{
	return x;
}

/* The temporary 5 is destroyed at the end of the declaration of r. */
static int f()
{
	const int &r = pick(5);
	return r;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
