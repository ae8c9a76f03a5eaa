// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A helper taking the context and an out-parameter: the most common BPF shape. */
static bool parse_proto(rex::xdp_ctx &ctx, rex::u8 &proto)
{
	rex::span<rex::u8> p = ctx.packet();
	if (p.size() < 24)
		return false;
	proto = p[23];
	return true;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u8 proto = 0;
	if (!parse_proto(ctx, proto))
		return rex::xdp_action::pass;
	return proto == 17 ? rex::xdp_action::drop : rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
