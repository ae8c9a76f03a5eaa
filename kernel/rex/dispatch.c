// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Rex dispatcher: prog->bpf_func of every Rex program.
 *
 * BPF hooks call bpf_func(ctx, prog->insnsi); the program is found from
 * the instruction pointer, so the BPF run path itself is unchanged.
 * rex_enter() (rex_entry_64.S) runs it on this CPU's Rex stack. A second
 * Rex program on the same CPU (from an interrupt or NMI while one runs)
 * would reuse that stack, so it is refused and counted as a miss, as BPF
 * does for recursion.
 *
 * rex_run_seq is odd exactly while a program runs on this CPU: one counter
 * both refuses nesting and tells the watchdog whether the run it sees is
 * the one it saw at its previous tick.
 *
 * Without CONFIG_PREEMPTION nothing else can run on this CPU's Rex stack
 * while a program runs: the kernel is not preempted, the helpers Rex
 * programs may call do not sleep, and interrupts are refused by the
 * counter. Only preemptible kernels pay for preempt_disable().
 */

#include <linux/filter.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

#include "internal.h"
#include "offsets.h"

static_assert(offsetof(struct rex_prog, entry) == REX_PROG_ENTRY);
static_assert(offsetof(struct rex_prog, prog) == REX_PROG_PROG);
static_assert(offsetof(struct rex_prog, default_ret) == REX_PROG_DEFAULT_RET);
static_assert(offsetof(struct rex_prog, faulted) == REX_PROG_FAULTED &&
	      sizeof(((struct rex_prog *)0)->faulted) == 1);
static_assert(offsetof(struct rex_cpu_state, saved_sp) == REX_STATE_SAVED_SP);
static_assert(offsetof(struct rex_cpu_state, prog) == REX_STATE_PROG);
static_assert(offsetof(struct rex_cpu_state, nr_res) == REX_STATE_NR_RES &&
	      sizeof(((struct rex_cpu_state *)0)->nr_res) == 4);
static_assert(offsetof(struct rex_cpu_state, lock_flags) == REX_STATE_LOCK_FLAGS);
#ifdef REX_INLINE_SPIN_LOCK
/* the lock word rex_spin_lock takes is bpf_spin_lock()'s arch_spinlock_t */
static_assert(sizeof(struct bpf_spin_lock) == sizeof(arch_spinlock_t) &&
	      REX_LOCK_LOCKED_VAL == _Q_LOCKED_VAL &&
	      offsetof(struct qspinlock, locked) == 0);
#endif
static_assert(REX_STATE_PENDING == REX_STATE_RESERVE - sizeof(struct rex_stack_top) +
	      offsetof(struct rex_stack_top, terminate_pending) &&
	      sizeof(((struct rex_stack_top *)0)->terminate_pending) == 4);
static_assert(REX_STATE_LOCK == REX_STATE_RESERVE - sizeof(struct rex_stack_top) +
	      offsetof(struct rex_stack_top, lock) &&
	      sizeof(((struct rex_stack_top *)0)->lock) == 8);

DEFINE_PER_CPU(unsigned long, rex_run_seq);

unsigned int rex_run(const void *ctx, const struct bpf_insn *insn)
{
	const struct bpf_prog *prog = container_of(insn, struct bpf_prog, insnsi[0]);
	unsigned int ret;

	if (!IS_ENABLED(CONFIG_PREEMPTION))
		return rex_enter(ctx, prog->aux->rex);
	preempt_disable();
	ret = rex_enter(ctx, prog->aux->rex);
	preempt_enable();
	return ret;
}

/* rex_enter() found another run on this CPU (rex_run_seq was odd). */
unsigned int rex_run_missed(struct rex_prog *rp)
{
	bpf_prog_inc_misses_counter(rp->prog);
	return rp->default_ret;
}

/* Crash-stop: a program that panicked does not run again. */
unsigned int rex_run_skipped(struct rex_prog *rp)
{
	atomic_long_inc(&rp->skipped);
	this_cpu_inc(rex_run_seq);
	return rp->default_ret;
}

/* The program returned holding resources: release them, count a panic. */
unsigned int rex_run_leftovers(struct rex_cpu_state *st, struct rex_prog *rp)
{
	rex_release_leftovers(st, rp->prog);
	return rp->default_ret;
}
