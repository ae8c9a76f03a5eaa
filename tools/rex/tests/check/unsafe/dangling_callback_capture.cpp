// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

template <typename F>
static void each(rex::span<int> values, F fn)
{
	for (int &v : values)
		fn(v);
}

/* A "find" through a callback: o ends up viewing a, gone at the brace. */
static int f()
{
	rex::optional<int &> o;
	{
		int a[2] = {1, 2};
		each(a, [&](int &v) {
			if (v == 2)
				o = v;
		});
	}
	return o ? *o : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
