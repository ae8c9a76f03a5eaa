// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* rex::copy from a local array in an inner block into the packet: only bytes move. */

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> pkt = ctx.packet();
	if (pkt.size() < 14)
		return rex::xdp_action::pass;
	rex::span<rex::u8> dst = pkt.subspan(0, 6);
	if (pkt[0] & 1) {
		rex::array<rex::u8, 6> mac = {0x02, 0, 0, 0, 0, 1};
		rex::copy(mac, dst);
	}
	return rex::xdp_action::tx;
}
REX_PROGRAM(t, run);
