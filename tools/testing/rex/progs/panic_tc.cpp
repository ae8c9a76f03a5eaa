// SPDX-License-Identifier: GPL-2.0
/* panic_tc: a TC classifier that panics on every packet; default TC_ACT_SHOT (2). */
#include <rex/rex.hpp>

static rex::tc_action run(rex::tc_ctx &)
{
	rex::panic("tc panic");
}

REX_PROGRAM(panic_tc, run, .default_ret = rex::tc_action::shot);
