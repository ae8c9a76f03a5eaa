// expect: extern-decl
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

extern "C" int kernel_function(int);

static int f()
{
	return kernel_function(1);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
