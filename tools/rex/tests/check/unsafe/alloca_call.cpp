// expect: alloca
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f(unsigned long n)
{
	return __builtin_alloca(n) != nullptr;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
