// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A span copied out of an optional views what it viewed, not the optional. */

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> payload;
	if (auto l4 = ctx.packet().try_subspan(34, 8))
		payload = *l4;
	return payload.empty() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
