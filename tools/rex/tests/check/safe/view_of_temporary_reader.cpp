// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct reader {
	rex::span<rex::u8> data;
	rex::span<rex::u8> after(rex::usize n) const { return data.subspan(n); }
};

/* The temporary reader dies, but what after() returns views the packet. */
static rex::span<rex::u8> l3(rex::span<rex::u8> packet)
{
	return reader{packet}.after(14);
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> p = ctx.packet();
	if (p.size() < 15)
		return rex::xdp_action::pass;
	return l3(p)[0] ? rex::xdp_action::drop : rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
