// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest Rex image, for the librex tests: one tracepoint program, no
 * maps, no imports, stack checked at run time.
 */
#include <linux/bpf.h>
#include <linux/rex.h>

int on_openat(void *ctx)
{
	(void)ctx;
	return 0;
}

const struct rex_prog_desc rex_progs[] __attribute__((section(REX_SEC_PROGS), used)) = {
	{
		.name = "trace_openat",
		.entry = "on_openat",
		.attach_target = "syscalls/sys_enter_openat",
		.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	},
};

const struct rex_meta rex_meta __attribute__((section(REX_SEC_META), used)) = {
	.magic = REX_META_MAGIC,
	.version = REX_IMAGE_VERSION,
	.stack_bound = REX_STACK_DYNAMIC,
	.toolchain = "rex-test clang 19",
};
