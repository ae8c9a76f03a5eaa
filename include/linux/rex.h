/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rex: signed native kernel extensions (in-kernel API).
 */
#ifndef _LINUX_REX_H
#define _LINUX_REX_H

#include <linux/sizes.h>
#include <linux/types.h>

/*
 * Every CPU has a dedicated Rex stack of REX_STACK_SIZE bytes, aligned to
 * its size so that the per-CPU state at its top is found from the stack
 * pointer by masking. The program may use REX_PROG_STACK_BUDGET bytes; the
 * rest is kept for helpers called from the program and for the panic path.
 */
#define REX_STACK_SIZE		SZ_32K
#define REX_PROG_STACK_BUDGET	SZ_16K

/* Per-CPU runtime state, stored at the top of the CPU's Rex stack. */
struct rex_cpu_state {
	int cpu;		/* owner, for sanity checks */
	unsigned int depth;	/* > 0 while a Rex program runs on this CPU */
	u64 start_ns;		/* when the running program was entered */
	const void *prog;	/* the running program, or NULL */
} __aligned(64);

#ifdef CONFIG_REX
extern unsigned int rex_timeout_ms;

void *rex_stack_base(int cpu);
unsigned long rex_stack_top(int cpu);
struct rex_cpu_state *rex_cpu_state(int cpu);
struct rex_cpu_state *rex_state_from_sp(unsigned long sp);
#endif

#endif /* _LINUX_REX_H */
