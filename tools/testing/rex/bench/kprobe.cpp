// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe program that counts its runs: attached to getppid(2) in turn
 * with its eBPF twin (rex-test-ebpf-twin kprobe PINNED), which does the
 * same with the lookup the verifier inlines. The benchmark times a loop
 * of getppid calls with each attached, and with neither.
 */
#include <rex/rex.hpp>

REX_MAP(runs, rex::array_map<rex::u64, 1>);

static rex::u32 count(rex::kprobe_ctx &)
{
	if (auto value = runs.lookup(0))
		*value += 1;
	return 0;
}

REX_PROGRAM(kprobe_runs, count, .target = "__x64_sys_getppid");
