// expect: specialization
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A member of span, specialized by the program: its bounds check, replaced. */
template <>
constexpr bool rex::span<rex::u8>::fits(rex::usize, rex::usize) const
{
	return true;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	ctx.packet().subspan(0, 1 << 20)[(1 << 20) - 1] = 0x41;
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
