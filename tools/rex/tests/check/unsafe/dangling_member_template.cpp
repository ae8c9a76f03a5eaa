// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* a member function template rebinds its object's view to a local of an inner scope */
struct holder {
	rex::span<const int> s;
	template <typename R>
	void set(R r) { s = r; }
};
static int f()
{
	holder h{};
	{
		int a[2] = {1, 2};
		h.set(rex::span<const int>(a));
	}
	return h.s[0];
}
static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
