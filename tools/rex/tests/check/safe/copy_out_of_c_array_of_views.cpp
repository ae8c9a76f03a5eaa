// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A span copied out of a local C array of spans views the packet, not the array. */
static rex::span<rex::u8> pick(rex::span<rex::u8> pkt)
{
	rex::span<rex::u8> parts[1] = {pkt};
	return parts[0];
}
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	return pick(ctx.packet()).empty() ? rex::xdp_action::drop : rex::xdp_action::pass;
}
REX_PROGRAM(m1, run);
