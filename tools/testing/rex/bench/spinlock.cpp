// SPDX-License-Identifier: GPL-2.0
/*
 * Spin lock acquire + release around a counter in an array-map value, one
 * (xdp_spinlock) or sixteen (xdp_spinlock16) times per run; the benchmark
 * takes the cost of one acquire + release from the difference. Its eBPF
 * twins (rex-test-ebpf-twin spinlock PINNED 1|16) do the same with
 * bpf_spin_lock/bpf_spin_unlock on a BTF-described value.
 */
#include <rex/rex.hpp>

using counter = rex::locked<rex::u32>;

REX_MAP(counters, rex::array_map<counter, 1>);

/* Pairs I..Pairs-1, straight-line as the eBPF twin's (unrolled by hand). */
template <rex::u32 I, rex::u32 Pairs>
static void count_from(counter &value)
{
	if constexpr (I < Pairs) {
		{
			rex::spin_lock_guard guard(value.lock);
			value.data += 1;
		}
		count_from<I + 1, Pairs>(value);
	}
}

template <rex::u32 Pairs>
static rex::xdp_action count(rex::xdp_ctx &)
{
	auto value = counters.lookup(0);

	if (!value)
		return rex::xdp_action::aborted;
	count_from<0, Pairs>(*value);
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_spinlock, count<1>);
REX_PROGRAM(xdp_spinlock16, count<16>);
