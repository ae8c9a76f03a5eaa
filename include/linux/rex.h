/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rex: signed native kernel extensions (in-kernel API).
 */
#ifndef _LINUX_REX_H
#define _LINUX_REX_H

#include <linux/bpfptr.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <uapi/linux/rex.h>

/*
 * Every CPU has a dedicated Rex stack of REX_STACK_SIZE bytes, aligned to
 * its size so that the per-CPU state at its top is found from the stack
 * pointer by masking. The program may use REX_PROG_STACK_BUDGET bytes; the
 * rest is kept for helpers called from the program and for the panic path.
 */
/* REX_STACK_SIZE and REX_PROG_STACK_BUDGET are in uapi/linux/rex.h. */

/*
 * Per-CPU runtime state, stored at the top of the CPU's Rex stack so that
 * it is found from the stack pointer by masking. For now it records its
 * owner; the panic and watchdog state will live here too.
 */
struct rex_cpu_state {
	int cpu;		/* owner, for sanity checks */
} __aligned(64);

struct bpf_prog;
struct bpf_prog_aux;
union bpf_attr;

#ifdef CONFIG_REX
extern unsigned int rex_timeout_ms;

/* bpf(BPF_PROG_LOAD) with BPF_F_REX: load a signed image instead of verifying */
int rex_prog_load(struct bpf_prog *prog, union bpf_attr *attr, bpfptr_t uattr);
/* Called when the BPF program is freed: drop its reference to the image */
void rex_prog_free(struct bpf_prog_aux *aux);

void *rex_stack_base(int cpu);
unsigned long rex_stack_top(int cpu);
struct rex_cpu_state *rex_cpu_state(int cpu);
struct rex_cpu_state *rex_state_from_sp(unsigned long sp);
#else
#include <linux/errno.h>

static inline int rex_prog_load(struct bpf_prog *prog, union bpf_attr *attr,
				bpfptr_t uattr)
{
	return -EINVAL;
}

static inline void rex_prog_free(struct bpf_prog_aux *aux)
{
}
#endif

#endif /* _LINUX_REX_H */
