// expect: specialization
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Declared plain data, a value with a lock would go into a map created without its BTF. */
struct value {
	rex::u64 pad;
	rex::locked<rex::u64> inner;
};
template <>
inline constexpr bool rex::is_plain_data<value> = true;

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
