// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_count: counts getppid(2) calls per process.  calls maps a process
 * id (tgid) to the number of times it called getppid.
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

REX_MAP(calls, rex::hash_map<u32, u64, 1024>);

static u32 count_call(rex::kprobe_ctx &)
{
	u32 tgid = rex::current_tgid();

	if (auto count = calls.lookup(tgid)) {
		rex::atomic_add(*count, 1);
		return 0;
	}
	/* First call: create the entry, unless another CPU just did. */
	if (!calls.update(tgid, 1, rex::update_mode::create_only))
		if (auto count = calls.lookup(tgid))
			rex::atomic_add(*count, 1);
	return 0;
}

REX_PROGRAM(kprobe_count, count_call, .target = "__x64_sys_getppid");
