// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A recursive parser: its result is only ever a subspan of the span it is given. */
using rex::u8; using rex::u32; using rex::usize;

struct limits { usize max_len; u8 end_kind; };

static rex::span<const u8> skip_options(rex::span<const u8> s, const limits &lim, int depth)
{
	if (depth == 0 || s.size() < 2 || s[0] == lim.end_kind)
		return s;
	usize len = s[1];
	if (len < 2 || len > s.size() || len > lim.max_len)
		return s;
	return skip_options(s.subspan(len), lim, depth - 1);
}

static rex::span<const u8> payload_of(rex::span<const u8> opts)
{
	limits lim{40, 0};
	return skip_options(opts, lim, 8);
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<const u8> pkt = ctx.packet();
	if (pkt.size() < 54)
		return rex::xdp_action::pass;
	rex::span<const u8> payload = payload_of(pkt.subspan(54));
	return payload.empty() ? rex::xdp_action::drop : rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
