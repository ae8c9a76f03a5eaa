// expect: forbidden-call
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static void f()
{
	rex::detail::trap_panic("no", "file", 1);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
