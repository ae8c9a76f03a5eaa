// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* rex::fill writes a span's bytes; the span itself is not rebound. */

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> pkt = ctx.packet();
	if (pkt.size() < 14)
		return rex::xdp_action::pass;
	rex::span<rex::u8> dst = pkt.subspan(0, 6);
	rex::fill(dst, 0);
	return rex::xdp_action::tx;
}
REX_PROGRAM(t, run);
