// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct holder {
	rex::optional<int &> slot;
};

/* h outlives the call, local does not. */
static void fill(holder &h)
{
	int local = 3;
	h.slot = local;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	holder h;
	fill(h);
	return *h.slot ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
