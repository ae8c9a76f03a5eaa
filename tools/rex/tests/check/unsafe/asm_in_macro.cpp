// expect: inline-asm
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

#define BARRIER() __asm__ __volatile__("" ::: "memory")

static void f()
{
	BARRIER();
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
