// SPDX-License-Identifier: GPL-2.0
/*
 * panic_xdp: panics on every run.  default_ret is XDP_DROP, so a test run
 * returns 1 (not the 0 a plain return would give), and the program is
 * disabled after its first panic (crash-stop).
 */
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::panic("test panic");
}

REX_PROGRAM(panic_xdp, run, .default_ret = rex::xdp_action::drop);
