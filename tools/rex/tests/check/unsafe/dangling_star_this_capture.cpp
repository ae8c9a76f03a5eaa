// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* [*this]: the span views the closure's copy, a local of get(). */

struct buf {
	rex::u8 d[4] = {1, 2, 3, 4};
	rex::span<const rex::u8> get() const
	{
		auto l = [*this]() { return rex::span<const rex::u8>(d); };
		return l();
	}
};

static rex::xdp_action run(rex::xdp_ctx &)
{
	buf b;
	rex::span<const rex::u8> s = b.get();
	return s[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
