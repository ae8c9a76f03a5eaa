// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe on getppid that, on each call, sends a record through a ring
 * buffer and the same event through a perf event array, for rex run to
 * print (scenarios/cli/run-events.sh).  The event is { pid, n, magic },
 * n counting the calls from 0, magic 0x5845523a46554252 ("RBUF:REX" in
 * memory) in the ring buffer and 0x5845523a46524550 ("PERF:REX") in the
 * perf event array.  count[]:
 *
 *	0  calls
 *	1  perf outputs that failed (no event stored for the CPU)
 *	2  ring-buffer reservations that failed (buffer full)
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

struct event {
	u32 pid;
	u32 n;
	u64 magic;
};

REX_MAP(records, rex::ring_buffer<4 * 4096>);
REX_MAP(samples, rex::perf_event_array<8>);
REX_MAP(count, rex::array_map<u64, 3>);

static void add(u32 slot)
{
	if (auto value = count.lookup(slot))
		*value += 1;
}

static u32 on_getppid(rex::kprobe_ctx &ctx)
{
	u32 n = 0;
	if (auto calls = count.lookup(0))
		n = static_cast<u32>(*calls);
	add(0);
	u32 pid = rex::current_pid();

	if (auto record = records.reserve<event>()) {
		*record = event{pid, n, 0x5845523a46554252};
		record.submit();
	} else {
		add(2);
	}
	if (!samples.output(ctx, event{pid, n, 0x5845523a46524550}))
		add(1);
	return 0;
}

REX_PROGRAM(run_events, on_getppid, .target = "__x64_sys_getppid");
