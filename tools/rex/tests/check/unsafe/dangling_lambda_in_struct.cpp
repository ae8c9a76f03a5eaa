// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A lambda in a struct, called by a helper, binds out to tmp. */

template <typename L>
struct holder {
	L fn;
};

template <typename H>
static void feed(H &h, rex::span<rex::u8> data)
{
	h.fn(data);
}

static int f()
{
	rex::span<rex::u8> out;
	{
		rex::u8 tmp[4] = {1, 2, 3, 4};
		auto l = [&](rex::span<rex::u8> s) { out = s; };
		holder<decltype(l)> h{l};
		feed(h, rex::span<rex::u8>(tmp));
	}
	return out[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
