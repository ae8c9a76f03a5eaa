// SPDX-License-Identifier: GPL-2.0
/*
 * Spin lock acquire + release around a counter in an array-map value. Its
 * eBPF twin (rex-test-ebpf-twin spinlock) does the same with
 * bpf_spin_lock/bpf_spin_unlock on a BTF-described value.
 */
#include <rex/rex.hpp>

struct counter {
	rex::spin_lock lock;
	rex::u32 count;
};

REX_MAP(counters, rex::array_map<counter, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	if (auto value = counters.lookup(0)) {
		rex::spin_lock_guard guard(value->lock);
		value->count += 1;
	}
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_spinlock, run);
