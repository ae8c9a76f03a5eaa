// expect: reinterpret-cast
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::u64 f(rex::u64 &v)
{
	return reinterpret_cast<rex::u64 &>(v);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
