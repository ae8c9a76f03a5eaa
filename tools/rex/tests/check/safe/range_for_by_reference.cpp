// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* An element reference from a range-for views the packet, not the loop's own span. */

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::optional<rex::u8 &> ttl;
	for (rex::u8 &b : ctx.packet().subspan(0, 0))
		ttl = b;
	rex::optional<rex::u8 &> marker;
	for (rex::u8 &b : ctx.packet())
		if (b == 0xff)
			marker = b;
	return marker ? rex::xdp_action::drop : rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
