// SPDX-License-Identifier: GPL-2.0
/*
 * override: on getppid(2), while control[0] != 0, makes the system call
 * return 4242 instead of running it (bpf_override_return; the syscall
 * entry points allow error injection) and counts the overrides in
 * control[1].
 */
#include <rex/rex.hpp>

REX_MAP(control, rex::array_map<rex::u32, 2>);

static rex::u32 run(rex::kprobe_ctx &ctx)
{
	if (control.lookup(0).value_or(0) == 0)
		return 0;
	if (auto count = control.lookup(1))
		rex::atomic_add(*count, 1);
	ctx.override_return(4242);
	return 0;
}

REX_PROGRAM(override, run, .target = "__x64_sys_getppid");
