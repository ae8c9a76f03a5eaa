// SPDX-License-Identifier: GPL-2.0
/*
 * loop_kprobe: on getppid(2), loops forever in its own code while
 * control[0] != 0 (as loop does), so the watchdog must stop it in the
 * context of a system call; the syscall then returns normally.
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u64, 2>);

static rex::u32 run(rex::kprobe_ctx &)
{
	auto spin = control.lookup(0);
	auto iterations = control.lookup(1);
	if (!spin || !iterations)
		return 0;
	while (rex::atomic_load(*spin) != 0)
		rex::atomic_add(*iterations, 1);
	return 0;
}

REX_PROGRAM(loop_kprobe, run, .target = "__x64_sys_getppid", .keep_running = true);
