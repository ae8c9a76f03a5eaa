// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* REX_TRY's value views g's local a, returned. */

static rex::result<rex::span<int>> window(rex::span<int> s, rex::usize n)
{
	if (n > s.size())
		return rex::error::invalid;
	return s.first(n);
}

static rex::result<rex::span<int>> g()
{
	int a[4] = {1, 2, 3, 4};
	rex::span<int> s = REX_TRY(window(a, 2));
	return s;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto r = g();
	return r && (*r)[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
