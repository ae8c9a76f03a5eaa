// expect: include
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

#include <linux/bpf.h>

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
