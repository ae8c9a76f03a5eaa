// SPDX-License-Identifier: GPL-2.0
/*
 * Array-map lookup through the support layer, then an increment of the
 * value. Its eBPF twin (rex-test-ebpf-twin lookup) gets the lookup inlined
 * by the verifier; here it is a direct call to the helper's C code.
 */
#include <rex/rex.hpp>

REX_MAP(counters, rex::array_map<rex::u64, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	if (auto value = counters.lookup(0))
		*value += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_lookup, run);
