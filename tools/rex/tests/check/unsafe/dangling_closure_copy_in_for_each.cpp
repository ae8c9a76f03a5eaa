// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* rex::for_each's copy of the closure holds tmp; the views are bound to it and it is gone after the call. */

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::array<rex::span<rex::u8>, 2> views = {};
	rex::u8 tmp[4] = {1, 2, 3, 4};
	rex::for_each(views, [tmp](rex::span<rex::u8> &v) mutable { v = rex::span<rex::u8>(tmp); });
	return views[0][0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
