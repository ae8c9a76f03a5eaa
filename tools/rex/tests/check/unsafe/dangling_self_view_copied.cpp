// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct buffer {
	int storage[4];
	rex::span<int> used;
	void init() { used = rex::span<int>(storage).first(2); }
};

/* The returned copy's span views make()'s local b. */
static buffer make()
{
	buffer b{};
	b.init();
	buffer out = b;
	return out;
}

static int f()
{
	buffer b = make();
	return b.used[0];
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
