// expect: dangling-return
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A default member initializer makes cur view the object's own buf; get() returns a copy of a local's view. */

struct scratch {
	rex::u8 buf[8] = {};
	rex::span<rex::u8> cur = buf;
};

static rex::span<rex::u8> get()
{
	scratch s;
	return s.cur;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::span<rex::u8> v = get();
	return v[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
