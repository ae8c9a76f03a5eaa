// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A cursor over the packet: take() returns part of what the cursor views. */
struct cursor {
	rex::span<rex::u8> rest;

	rex::span<rex::u8> take(rex::usize n)
	{
		rex::span<rex::u8> head = rest.first(n);
		rest = rest.subspan(n);
		return head;
	}
};

static rex::span<rex::u8> ip_header(rex::span<rex::u8> packet)
{
	cursor c{packet};
	c.take(14);
	return c.take(20);
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> p = ctx.packet();
	if (p.size() < 34)
		return rex::xdp_action::pass;
	return ip_header(p)[9] == 17 ? rex::xdp_action::drop : rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
