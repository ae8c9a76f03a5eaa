// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Methods returning *this, chained: c is rebound only to parts of the packet. */

struct cursor {
	rex::span<rex::u8> rest;
	cursor &skip(rex::usize n)
	{
		rest = rest.subspan(n);
		return *this;
	}
};

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	cursor c{ctx.packet()};
	c.skip(14).skip(20);
	return c.rest.empty() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
