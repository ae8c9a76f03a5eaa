// SPDX-License-Identifier: GPL-2.0
/*
 * Array-map lookups through the support layer, each followed by an
 * increment of the value: one (xdp_lookup) or sixteen (xdp_lookup16) per
 * run, the keys being the packet's first bytes (so neither compiler knows
 * them). The benchmark takes the cost of one lookup from the difference.
 * The eBPF twins (rex-test-ebpf-twin lookup PINNED 1|16) do the same, with
 * the lookups the verifier inlines; here the address is computed in place
 * as well (rex/map.hpp), with no call.
 */
#include <rex/rex.hpp>

REX_MAP(counters, rex::array_map<rex::u64, 16>);

template <rex::u32 Lookups>
static rex::xdp_action count(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();

	if (packet.size() < Lookups)
		return rex::xdp_action::pass;
	for (rex::u32 i = 0; i < Lookups; i++)
		if (auto value = counters.lookup(packet[i]))
			*value += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_lookup, count<1>);
REX_PROGRAM(xdp_lookup16, count<16>);
