// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* a reference to a view element of a local rex::array, kept past the array's scope */
static int f(rex::span<int> data)
{
	rex::optional<rex::span<int> &> pick;
	{
		rex::array<rex::span<int>, 2> ws = {data, data};
		for (rex::span<int> &w : ws)
			pick = w;
	}
	return pick ? (*pick).size() : 0;
}
static rex::xdp_action run(rex::xdp_ctx &)
{
	int a[2] = {1, 2};
	return f(a) ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
