// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The same reader as a lambda capturing the packet span by reference. */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> rest = ctx.packet();
	auto read_u8 = [&rest](rex::u8 &out) {
		if (rest.empty())
			return false;
		out = rest[0];
		rest = rest.subspan(1);
		return true;
	};
	rex::u32 sum = 0;
	for (int i = 0; i < 4; i++) {
		rex::u8 b = 0;
		if (!read_u8(b))
			break;
		sum += b;
	}
	return sum ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
