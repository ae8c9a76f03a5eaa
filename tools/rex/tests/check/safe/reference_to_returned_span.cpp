// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A reference keeps the returned span alive; its subspan views the packet. */

static rex::span<rex::u8> l3(rex::xdp_ctx &ctx)
{
	const auto &pkt = ctx.packet();
	return pkt.subspan(14);
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> ip = l3(ctx);
	return ip.empty() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
