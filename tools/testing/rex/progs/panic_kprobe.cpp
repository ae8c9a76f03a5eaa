// SPDX-License-Identifier: GPL-2.0
/* panic_kprobe: panics on every getppid(2); attach and call getppid. */
#include <rex/rex.hpp>

static rex::u32 run(rex::kprobe_ctx &)
{
	rex::panic("kprobe panic");
}

REX_PROGRAM(panic_kprobe, run, .target = "__x64_sys_getppid");
