// expect: raw-pointer
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

template <typename T>
struct box {
	T value;
};

static int f()
{
	box<int *> b{};
	return b.value ? 1 : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
