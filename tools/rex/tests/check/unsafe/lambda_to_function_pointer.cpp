// expect: function-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &)
{
	return (+[] { return rex::xdp_action::pass; })();
}

REX_PROGRAM(t, run);
