// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A lambda capturing this binds a member to the method's local. */

struct state {
	rex::span<rex::u8> v;
	void load()
	{
		rex::u8 tmp[4] = {1, 2, 3, 4};
		auto l = [this, &tmp] { v = rex::span<rex::u8>(tmp); };
		l();
	}
};

static rex::xdp_action run(rex::xdp_ctx &)
{
	state s;
	s.load();
	return s.v[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
