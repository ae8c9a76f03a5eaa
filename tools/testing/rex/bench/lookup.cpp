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

/*
 * Lookups I..Lookups-1, one after the other: straight-line code, as the
 * eBPF twin's (unrolled by hand), so that only the lookups differ, not
 * the loop around them.
 */
template <rex::u32 I, rex::u32 Lookups>
static void count_from(rex::span<rex::u8> packet)
{
	if constexpr (I < Lookups) {
		if (auto value = counters.lookup(packet[I]))
			*value += 1;
		count_from<I + 1, Lookups>(packet);
	}
}

template <rex::u32 Lookups>
static rex::xdp_action count(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();

	if (packet.size() >= Lookups)
		count_from<0, Lookups>(packet);
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_lookup, count<1>);
REX_PROGRAM(xdp_lookup16, count<16>);
