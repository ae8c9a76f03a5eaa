// SPDX-License-Identifier: GPL-2.0
/*
 * tp_exec: counts successful execve(2)s on the sched/sched_process_exec
 * tracepoint.  execs[0] is the number of execs, execs[1] the pid of the
 * last process that exec'ed.
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

/* /sys/kernel/tracing/events/sched/sched_process_exec/format */
struct exec_record {
	u64 common;       /* common_* fields, overwritten for BPF */
	u32 filename_loc; /* __data_loc char[] filename */
	rex::s32 pid;
	rex::s32 old_pid;
};

REX_MAP(execs, rex::array_map<u64, 2>);

static u32 count_exec(rex::tracepoint_ctx<exec_record> &ctx)
{
	if (auto count = execs.lookup(0))
		rex::atomic_add(*count, 1);
	if (auto last = execs.lookup(1))
		*last = static_cast<u64>(ctx.record().pid);
	return 0;
}

REX_PROGRAM(tp_exec, count_exec, .target = "sched/sched_process_exec");
