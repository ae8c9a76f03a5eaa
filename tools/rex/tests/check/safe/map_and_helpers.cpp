// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

REX_MAP(hits, rex::hash_map<rex::u32, rex::u64, 16>);

static void f(rex::u32 key)
{
	if (auto v = hits.lookup(key))
		rex::atomic_add(*v, 1);
	else
		(void)hits.update(key, 1);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
