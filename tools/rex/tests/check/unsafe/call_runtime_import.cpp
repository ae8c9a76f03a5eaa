// expect: forbidden-call
// SPDX-License-Identifier: GPL-2.0
/* The runtime's imports belong to the support layer: a program stops itself with rex::panic. */
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::detail::rex_terminate();
}

REX_PROGRAM(t, run);
