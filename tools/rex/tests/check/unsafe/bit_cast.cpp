// expect: reinterpret-cast
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A closure that captures by reference, made out of bytes: a forged address. */
static rex::xdp_action run(rex::xdp_ctx &)
{
	rex::u64 x = 0;
	auto set = [&x](rex::u64 v) { x = v; };
	rex::u64 raw = 0x1000;
	auto forged = __builtin_bit_cast(decltype(set), raw);
	forged(1);
	return x ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
