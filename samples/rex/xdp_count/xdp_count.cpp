// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_count: counts the packets and bytes a device receives and lets every
 * packet through.  counters[0] is the number of packets, counters[1] the
 * number of bytes.
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

enum counter : u32 { packets = 0, bytes = 1 };

REX_MAP(counters, rex::array_map<u64, 2>);

static void add(counter which, u64 amount)
{
	if (auto total = counters.lookup(which))
		rex::atomic_add(*total, amount);
}

static rex::xdp_action count_packet(rex::xdp_ctx &ctx)
{
	add(packets, 1);
	add(bytes, ctx.size());
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_count, count_packet, .default_ret = rex::xdp_action::pass);
