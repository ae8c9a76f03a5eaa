// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

constexpr rex::u32 limit = 8;
static const int table[3] = {1, 2, 3};

struct counter {
	int n = 0;
	void bump() { n++; }
	int &ref() { return n; }
};

static int f(int &x)
{
	counter c;
	c.bump();
	c.ref() += x;
	return c.n + table[1] + static_cast<int>(limit);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
