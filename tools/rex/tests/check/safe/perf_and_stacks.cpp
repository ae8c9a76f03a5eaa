// SPDX-License-Identifier: GPL-2.0
/* perf_event_array output, stack ids and error injection from a kprobe. */
#include <rex/rex.hpp>

struct event {
	rex::u32 pid;
	rex::u32 stack_id;
	rex::u64 time;
};

REX_MAP(events, rex::perf_event_array<64>);
REX_MAP(stacks, rex::stack_trace_map<32, 256>);
REX_MAP(user_stacks, rex::stack_trace_map<127, 16>);

static rex::result<void> report(rex::kprobe_ctx &ctx)
{
	rex::u32 id = REX_TRY(stacks.get_stackid(ctx, rex::stack_flags::fast_compare | rex::stack_flags::reuse_id));
	event e{rex::current_pid(), id, rex::ktime_get_ns()};
	return events.output(ctx, e);
}

static rex::u32 on_call(rex::kprobe_ctx &ctx)
{
	if (auto sent = report(ctx); !sent && sent.error() == rex::error::no_entry)
		rex::trace("no perf event open on this CPU\n");
	(void)user_stacks.get_stackid(ctx, rex::stack_flags::user, 1);
	if (ctx.arg<0>() == 0)
		ctx.override_return(rex::error::no_memory);
	return 0;
}

REX_PROGRAM(perf_stacks, on_call, .target = "should_failslab");

static rex::u32 on_exec(rex::tracepoint_ctx<> &ctx)
{
	if (auto id = stacks.get_stackid(ctx))
		(void)events.output(ctx, *id);
	return 0;
}

REX_PROGRAM(exec_stacks, on_exec, .target = "sched/sched_process_exec");

static rex::u32 on_sample(rex::perf_event_ctx &ctx)
{
	(void)stacks.get_stackid(ctx, rex::stack_flags::kernel, 2);
	return 0;
}

REX_PROGRAM(sample_stacks, on_sample);
