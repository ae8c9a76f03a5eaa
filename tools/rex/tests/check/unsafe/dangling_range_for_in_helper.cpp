// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The helper rebinds the caller's views in a range-for, to tmp, which dies at the brace. */

static void reset(rex::array<rex::span<const rex::u8>, 2> &fields, rex::span<const rex::u8> to)
{
	for (auto &f : fields)
		f = to;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::array<rex::span<const rex::u8>, 2> fields = {};
	{
		rex::u8 tmp[4] = {1, 2, 3, 4};
		reset(fields, rex::span<const rex::u8>(tmp));
	}
	return fields[0][0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
