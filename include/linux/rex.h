/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rex: signed native kernel extensions (in-kernel API).
 */
#ifndef _LINUX_REX_H
#define _LINUX_REX_H

#include <uapi/linux/rex.h>

#ifndef __ASSEMBLY__
#include <linux/bpfptr.h>
#include <linux/sizes.h>
#include <linux/types.h>

/*
 * Every CPU has a dedicated Rex stack of REX_STACK_SIZE bytes, aligned to
 * its size so that the per-CPU state at its top is found from the stack
 * pointer by masking. The program may use REX_PROG_STACK_BUDGET bytes; the
 * rest is kept for helpers called from the program and for the panic path.
 */
/* REX_STACK_SIZE and REX_PROG_STACK_BUDGET are in uapi/linux/rex.h. */

/*
 * The top REX_STATE_RESERVE bytes of each Rex stack hold the runtime's
 * per-CPU state (struct rex_cpu_state, at the start of the area, so that
 * a program's initial stack pointer is the state's address) and, in the
 * last bytes, the struct rex_stack_top that programs read.
 */
#define REX_MAX_RESOURCES	16	/* held at once by one run */

enum rex_resource_kind {
	REX_RES_TASK = 1,		/* struct task_struct *, referenced */
	REX_RES_RINGBUF,		/* ring-buffer record, reserved */
};

/* A resource the running program holds: released if it panics. */
struct rex_resource {
	enum rex_resource_kind kind;
	void *ptr;
};

/* Why a run was cut short. */
enum rex_stop_reason {
	REX_STOP_PANIC,			/* rex::panic or a failed runtime check */
	REX_STOP_TIMEOUT,		/* the watchdog */
	REX_STOP_STACK,			/* the stack check at function entry */
	REX_STOP_FAULT,			/* a CPU exception in program code */
};

struct rex_cpu_state {
	unsigned long saved_sp;		/* first: written by rex_enter */
	const struct bpf_prog *prog;	/* running program */
	unsigned long seen_seq;		/* watchdog: run seen at the last tick */
	unsigned long stop_ip;		/* where the watchdog or a trap stopped it */
	enum rex_stop_reason stop_reason;
	const char *stop_msg;
	u32 in_panic;			/* the panic path is running */
	u32 nr_res;
	/* the one spin lock a program may hold is rex_stack_top.lock */
	unsigned long lock_flags;	/* interrupt flags saved by the lock */
	struct rex_resource res[REX_MAX_RESOURCES];
	int cpu;			/* owner, for sanity checks */
} __aligned(64);

struct bpf_prog;
struct bpf_prog_aux;
union bpf_attr;
struct pt_regs;

#ifdef CONFIG_REX
extern unsigned int rex_timeout_ms;

/* bpf(BPF_PROG_LOAD) with BPF_F_REX: load a signed image instead of verifying */
int rex_prog_load(struct bpf_prog *prog, union bpf_attr *attr, bpfptr_t uattr);
/* Called when the BPF program is freed: drop its reference to the image */
void rex_prog_free(struct bpf_prog_aux *aux);

void *rex_stack_base(int cpu);
unsigned long rex_stack_start(int cpu);

/* arch/x86/kernel/traps.c: a #DE or #UD in program code ends the run */
bool rex_fixup_trap(struct pt_regs *regs, int trapnr);
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

static inline bool rex_fixup_trap(struct pt_regs *regs, int trapnr)
{
	return false;
}
#endif

#endif /* !__ASSEMBLY__ */
#endif /* _LINUX_REX_H */
