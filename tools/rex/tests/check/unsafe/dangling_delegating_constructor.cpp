// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The delegated constructor binds data to a; out outlives a. */

struct reader {
	rex::span<int> data;
	rex::usize at;
	reader(rex::span<int> d, rex::usize a) : data(d), at(a) {}
	reader(rex::span<int> d) : reader(d, 0) {}
};

static int f()
{
	rex::span<int> out;
	{
		int a[2] = {1, 2};
		reader r(a);
		out = r.data;
	}
	return out[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
