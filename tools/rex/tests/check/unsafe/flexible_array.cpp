// expect: flexible-array
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Indexing tail is not bounds-checked: i = -1 would write the lock word. */
struct entries {
	rex::u32 count;
	rex::u32 tail[];
};

REX_MAP(table, rex::array_map<rex::locked<entries>, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	if (auto e = table.lookup(0))
		e->data.tail[e->data.count] = 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
