// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A checksum through rex::for_each, its accumulator in an inner block. */
using rex::u8; using rex::u32; using rex::usize;

REX_MAP(sums, rex::array_map<rex::u64, 1>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<u8> pkt = ctx.packet();
	if (pkt.size() < 42)
		return rex::xdp_action::pass;
	rex::span<u8> payload = pkt.subspan(42);
	if (payload.size() >= 4) {
		u32 sum = 0;
		rex::for_each(payload, [&](u8 &b) { sum += b; });
		if (auto s = sums.lookup(0))
			*s += sum;
	}
	return rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
