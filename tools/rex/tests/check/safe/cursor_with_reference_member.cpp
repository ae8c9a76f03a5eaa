// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A cursor holding a reference to its limits: skip() rebinds only its view of the packet. */
using rex::u8; using rex::u32; using rex::usize;

struct limits { usize max_hdr; };
struct cursor {
	const limits &lim;
	rex::span<const u8> rest;
	bool skip(usize n)
	{
		if (n > lim.max_hdr || n > rest.size())
			return false;
		rest = rest.subspan(n);
		return true;
	}
};

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	limits lim{64};
	cursor c{lim, ctx.packet()};
	if (!c.skip(14) || !c.skip(20))
		return rex::xdp_action::pass;
	return c.rest.size() > 8 ? rex::xdp_action::drop : rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
