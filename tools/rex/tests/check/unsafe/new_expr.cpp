// expect: new-delete
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct s {
	int a;
};

static int f()
{
	return new s{} != nullptr;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
