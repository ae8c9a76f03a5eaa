// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Rex dispatcher: prog->bpf_func of every Rex program.
 *
 * BPF hooks call bpf_func(ctx, prog->insnsi); the program is found from the
 * instruction pointer, so the BPF run path itself is unchanged. The program
 * runs on this CPU's Rex stack with preemption off. A second Rex program on
 * the same CPU (from an interrupt or NMI while one runs) would reuse that
 * stack, so it is refused and counted as a miss, as BPF does for recursion.
 *
 * rex_run_seq is odd exactly while a program runs on this CPU: one counter
 * both refuses nesting and tells the watchdog whether the run it sees is
 * the one it saw at its previous tick.
 */

#include <linux/filter.h>
#include <linux/percpu.h>
#include <linux/preempt.h>

#include "internal.h"

DEFINE_PER_CPU(unsigned long, rex_run_seq);

unsigned int rex_run(const void *ctx, const struct bpf_insn *insn)
{
	const struct bpf_prog *prog = container_of(insn, struct bpf_prog, insnsi[0]);
	struct rex_prog *rp = prog->aux->rex;
	struct rex_cpu_state *st;
	u64 ret;

	preempt_disable();
	if (unlikely(!(this_cpu_inc_return(rex_run_seq) & 1))) {
		this_cpu_dec(rex_run_seq);
		preempt_enable();
		bpf_prog_inc_misses_counter((struct bpf_prog *)prog);
		return rp->default_ret;
	}
	if (unlikely(READ_ONCE(rp->faulted))) {
		/* crash-stop: a program that panicked does not run again */
		atomic_long_inc(&rp->skipped);
		ret = rp->default_ret;
		goto out;
	}
	st = rex_this_state();
	st->prog = prog;
	ret = rex_call_on_stack((void *)ctx, rp->entry, st);
	if (unlikely(st->nr_res || st->lock)) {
		rex_release_leftovers(st, prog);
		ret = rp->default_ret;
	}
	/* set by the watchdog while a helper ran, and not acted on */
	if (unlikely(rex_state_top(st)->terminate_pending))
		rex_state_top(st)->terminate_pending = 0;
out:
	this_cpu_inc(rex_run_seq);
	preempt_enable();
	return ret;
}
