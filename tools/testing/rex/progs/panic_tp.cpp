// SPDX-License-Identifier: GPL-2.0
/* panic_tp: panics on every exec (tracepoint sched/sched_process_exec). */
#include <rex/rex.hpp>

static rex::u32 run(rex::tracepoint_ctx<> &)
{
	rex::panic("tracepoint panic");
}

REX_PROGRAM(panic_tp, run, .target = "sched/sched_process_exec");
