// expect: forbidden-call
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::u8 bytes[4] = {};
	auto view = rex::detail::make_span(bytes, 4);
	return view.size() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
