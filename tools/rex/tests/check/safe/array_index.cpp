// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static int f()
{
	int values[4] = {1, 2, 3, 4};
	int sum = 0;
	for (int v : values)
		sum += v;
	return sum + values[2];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
