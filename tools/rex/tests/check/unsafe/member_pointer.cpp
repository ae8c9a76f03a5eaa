// expect: member-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct s {
	int a;
};

static int f(s &v)
{
	int s::*m = &s::a;
	return v.*m;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
