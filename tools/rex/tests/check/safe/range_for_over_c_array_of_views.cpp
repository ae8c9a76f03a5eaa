// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Spans taken by reference from a local C array of spans, returned as copies. */
using namespace rex;
static span<u8> first_nonempty(span<u8> pkt)
{
	span<u8> candidates[2] = {pkt.subspan(14), pkt};
	for (const span<u8> &c : candidates)
		if (!c.empty())
			return c;
	return pkt;
}
static rex::xdp_action run(xdp_ctx &ctx)
{
	span<u8> s = first_nonempty(ctx.packet());
	if (!s.empty())
		s[0] ^= 1;
	return rex::xdp_action::pass;
}
REX_PROGRAM(rf, run);
