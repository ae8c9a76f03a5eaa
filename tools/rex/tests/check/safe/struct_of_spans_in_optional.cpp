// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A struct of spans inside an optional: the member copied out views the packet. */

struct headers {
	rex::span<rex::u8> ip;
	rex::span<rex::u8> l4;
};

static rex::optional<headers> parse(rex::span<rex::u8> pkt)
{
	if (pkt.size() < 54)
		return rex::nullopt;
	return headers{pkt.subspan(14, 20), pkt.subspan(34)};
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> payload;
	if (auto h = parse(ctx.packet()))
		payload = h->l4;
	return payload.empty() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
