// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* The inner lambda views the outer closure's copy of arr; that closure is a temporary. */
static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::u8 arr[4] = {1, 2, 3, 4};
	rex::span<rex::u8> s = [arr]() mutable -> rex::span<rex::u8> {
		auto g = [&arr]() -> rex::span<rex::u8> { return arr; };
		return g();
	}();
	return s[0] ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
