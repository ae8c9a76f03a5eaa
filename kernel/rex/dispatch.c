// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Rex dispatcher: prog->bpf_func of every Rex program.
 *
 * BPF hooks call bpf_func(ctx, prog->insnsi); the program is found from the
 * instruction pointer, so the BPF run path itself is unchanged. The program
 * runs on this CPU's Rex stack with preemption off. A second Rex program on
 * the same CPU (from an interrupt or NMI while one runs) would reuse that
 * stack, so it is refused and counted as a miss, as BPF does for recursion.
 */

#include <linux/filter.h>
#include <linux/percpu.h>
#include <linux/preempt.h>

#include "internal.h"

static DEFINE_PER_CPU(unsigned int, rex_active);

unsigned int rex_run(const void *ctx, const struct bpf_insn *insn)
{
	const struct bpf_prog *prog = container_of(insn, struct bpf_prog, insnsi[0]);
	const struct rex_prog *rp = prog->aux->rex;
	u64 ret;

	preempt_disable();
	if (unlikely(this_cpu_inc_return(rex_active) != 1)) {
		this_cpu_dec(rex_active);
		preempt_enable();
		bpf_prog_inc_misses_counter((struct bpf_prog *)prog);
		return rp->default_ret;
	}
	ret = rex_call_on_stack((void *)ctx, rp->entry, this_cpu_read(rex_stack_sp));
	this_cpu_dec(rex_active);
	preempt_enable();
	return ret;
}
