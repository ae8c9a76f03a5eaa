// expect: attribute
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

REX_MAP(out, rex::array_map<rex::array<rex::u64, 32>, 1>);

/* Left as the stack was (old kernel pointers), despite -ftrivial-auto-var-init=zero. */
static rex::xdp_action run(rex::xdp_ctx &)
{
	[[clang::uninitialized]] rex::array<rex::u64, 32> stale;
	(void)out.update(0, stale);
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
