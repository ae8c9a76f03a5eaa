// expect: new-delete
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

inline void *operator new(unsigned long, void *p) noexcept { return p; }

static int f()
{
	int storage = 0;
	new (&storage) int(1);
	return storage;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
