// expect: mutable-global
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* const, but set by the first run (through a guard variable) and kept. */
static rex::u64 first_seen()
{
	static const rex::u64 first = rex::ktime_get_ns();
	return first;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return first_seen() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
