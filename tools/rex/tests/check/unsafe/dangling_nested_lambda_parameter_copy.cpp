// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* a helper returns a view of a closure copy made in it, through a nested by-reference lambda */
static rex::span<const rex::u8> pick(rex::span<const rex::u8> p, const rex::array<rex::u8, 4> &fallback)
{
	return [fallback, p]() -> rex::span<const rex::u8> {
		auto alt = [&]() { return fallback.as_span(); };
		return p.size() >= 4 ? p : alt();
	}();
}
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::array<rex::u8, 4> dflt = {{0, 0, 0, 1}};
	rex::span<const rex::u8> s = pick(ctx.packet(), dflt);
	return s[3] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
