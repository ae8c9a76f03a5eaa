// expect: raw-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();
	return *packet.begin() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
