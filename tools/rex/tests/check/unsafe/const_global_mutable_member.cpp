// expect: mutable-global
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* const, but its mutable member keeps state from one run to the next. */
struct counter {
	mutable rex::u64 runs;
};
constinit const counter total{};

static rex::xdp_action run(rex::xdp_ctx &)
{
	total.runs += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
