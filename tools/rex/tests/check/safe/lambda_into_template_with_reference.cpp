// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A template calls the lambda with parts of the packet, and also takes a counter by reference. */
using rex::u8; using rex::u32; using rex::usize;

template <typename F>
static u32 each_tlv(rex::span<const u8> opts, u32 &seen, F fn)
{
	for (int i = 0; i < 8 && opts.size() >= 2; i++) {
		usize len = opts[1];
		if (len < 2 || len > opts.size())
			break;
		fn(opts.first(len));
		seen++;
		opts = opts.subspan(len);
	}
	return seen;
}

static bool find_mss(rex::span<const u8> opts, rex::span<const u8> &out)
{
	u32 seen = 0;
	each_tlv(opts, seen, [&](rex::span<const u8> tlv) {
		if (tlv[0] == 2)
			out = tlv;
	});
	return !out.empty();
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<const u8> pkt = ctx.packet();
	if (pkt.size() < 60)
		return rex::xdp_action::pass;
	rex::span<const u8> mss;
	return find_mss(pkt.subspan(54), mss) ? rex::xdp_action::drop : rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
