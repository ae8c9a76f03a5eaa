// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

#include "own_header.h"

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	return ctx.size() > own_limit ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
