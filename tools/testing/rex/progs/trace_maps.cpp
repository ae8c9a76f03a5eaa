// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe on getppid that records its kernel stack in a stack_trace_map
 * and sends an event through a perf_event_array
 * (scenarios/support/trace-maps.sh). out[]:
 *
 *	0  the stack id + 1 (0: get_stackid failed; 1 holds its errno)
 *	2  1 if the event was sent, else 100 + errno
 *
 * The event is { pid, stack id, 0x5245583a45564e54 ("TNVE:XER" in memory) }.
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

struct event {
	u32 pid;
	u32 stack_id;
	u64 magic;
};

REX_MAP(stacks, rex::stack_trace_map<16, 64>);
REX_MAP(events, rex::perf_event_array<8>);
REX_MAP(out, rex::array_map<u64, 4>);

static void set(u32 slot, u64 value)
{
	if (auto field = out.lookup(slot))
		*field = value;
}

static u32 on_getppid(rex::kprobe_ctx &ctx)
{
	auto id = stacks.get_stackid(ctx);

	if (!id) {
		set(1, static_cast<u64>(id.error()));
		return 0;
	}
	set(0, u64{*id} + 1);
	auto sent = events.output(ctx, event{rex::current_pid(), *id, 0x5245583a45564e54});
	set(2, sent ? 1 : 100 + static_cast<u64>(sent.error()));
	return 0;
}

REX_PROGRAM(trace_maps, on_getppid, .target = "__x64_sys_getppid");
