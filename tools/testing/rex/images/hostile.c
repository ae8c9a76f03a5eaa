// SPDX-License-Identifier: GPL-2.0
/*
 * Source of hand-made hostile images for the end-to-end tests. It is
 * compiled with clang directly, bypassing 'rex build' and its checks, then
 * signed with the trusted key: the kernel must refuse it on its own.
 *
 *   -DIMPORT=name       the entry calls this undefined function
 *   -DPROG_TYPE=n       BPF program type of the descriptor (default XDP)
 *   -DSTACK_BOUND=n     recorded worst-case stack bytes
 */
#include <linux/bpf.h>
#include <linux/rex.h>

#ifndef PROG_TYPE
#define PROG_TYPE BPF_PROG_TYPE_XDP
#endif
#ifndef STACK_BOUND
#define STACK_BOUND 64
#endif

#ifdef IMPORT
extern long IMPORT(long a, long b);
#endif

unsigned long hostile_entry(void *ctx)
{
#ifdef IMPORT
	return IMPORT((long)ctx, 0);
#else
	(void)ctx;
	return XDP_PASS;
#endif
}

const struct rex_prog_desc rex_progs[] __attribute__((section(REX_SEC_PROGS), used)) = {
	{
		.name = "hostile",
		.entry = "hostile_entry",
		.prog_type = PROG_TYPE,
	},
};

const struct rex_meta rex_meta __attribute__((section(REX_SEC_META), used)) = {
	.magic = REX_META_MAGIC,
	.version = REX_IMAGE_VERSION,
	.stack_bound = STACK_BOUND,
	.toolchain = "rex-e2e hostile",
};
