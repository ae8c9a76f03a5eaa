// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* returns a reference to an element of its own local array */
static const rex::span<int> &longest(const rex::span<int> &a, const rex::span<int> &b)
{
	rex::array<rex::span<int>, 2> ws = {a, b};
	for (const rex::span<int> &w : ws)
		if (w.size() > 1)
			return w;
	return a;
}
static rex::xdp_action run(rex::xdp_ctx &)
{
	int x[2] = {1, 2}; rex::span<int> sx(x);
	int y[3] = {1, 2, 3}; rex::span<int> sy(y);
	return longest(sx, sy).size() ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
