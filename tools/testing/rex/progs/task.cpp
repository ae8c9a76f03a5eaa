// SPDX-License-Identifier: GPL-2.0
/*
 * task: takes a reference to the current task.  As created (control[0]
 * == 0) it panics holding it: the kernel must drop the reference (a leak
 * shows as a task_struct that never goes away, kmemleak).  With
 * control[0] != 0 it stores the task's tgid in control[1], releases the
 * reference and returns XDP_PASS.  keep_running; default XDP_DROP.
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u32, 2>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	auto task = rex::current_task();
	if (!task)
		return rex::xdp_action::aborted;
	if (control.lookup(0).value_or(0) == 0)
		rex::panic("panic holding a task reference");
	if (!control.update(1, task.tgid()))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(task, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
