// SPDX-License-Identifier: GPL-2.0
/*
 * hash_lock: counts its runs in totals[1].data, a rex::locked<u64> in a
 * hash map, under the entry's lock; the first run creates the entry.
 * Returns XDP_PASS, or XDP_ABORTED if the entry can be neither found nor
 * created.  The map is created with BTF for the lock, as for array maps.
 */
#include <rex/rex.hpp>

REX_MAP(totals, rex::hash_map<rex::u32, rex::locked<rex::u64>, 4>);

static rex::optional<rex::locked<rex::u64> &> entry(rex::u32 key)
{
	if (auto found = totals.lookup(key))
		return found;
	(void)totals.update(key, 0, rex::update_mode::create_only);
	return totals.lookup(key);
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto total = entry(1);
	if (!total)
		return rex::xdp_action::aborted;
	rex::spin_lock_guard guard(total->lock);
	total->data += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(hash_lock, run);
