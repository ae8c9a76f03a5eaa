// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

template <typename T>
struct pair {
	T a;
	T b;
};

static int f()
{
	pair<int> p{1, 2};
	auto add = [](const pair<int> &q) { return q.a + q.b; };
	return add(p);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
