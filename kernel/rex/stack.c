// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU Rex stacks.
 *
 * Rex programs run on a dedicated stack per CPU rather than on the task or
 * IRQ stack they were called from, so that their worst-case use is
 * independent of the hook's context and an overflow hits a guard page
 * instead of a neighbouring stack. Each stack is a vmalloc area (unmapped
 * guard pages on both sides) aligned to its size; the per-CPU runtime state
 * sits at its top and is found from any address in the stack by masking.
 */

#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rex.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>

#include "internal.h"

static_assert((REX_STACK_SIZE & (REX_STACK_SIZE - 1)) == 0, "Rex stack size must be a power of two");
static_assert(sizeof(struct rex_cpu_state) + sizeof(struct rex_stack_top) <= REX_STATE_RESERVE,
	      "the runtime state does not fit its reserve");
static_assert(REX_PROG_STACK_BUDGET + REX_STATE_RESERVE < REX_STACK_SIZE,
	      "program budget leaves no room for helpers and the panic path");
static_assert(offsetof(struct rex_cpu_state, saved_sp) == 0, "rex_entry_64.S stores saved_sp at 0");

static DEFINE_PER_CPU_READ_MOSTLY(void *, rex_stack);
/* Initial stack pointer of a program on this CPU: its struct rex_cpu_state. */
DEFINE_PER_CPU_READ_MOSTLY(unsigned long, rex_stack_sp);

void *rex_stack_base(int cpu)
{
	return per_cpu(rex_stack, cpu);
}

struct rex_cpu_state *rex_state_from_sp(unsigned long sp)
{
	unsigned long base = sp & ~((unsigned long)REX_STACK_SIZE - 1);

	return (struct rex_cpu_state *)(base + REX_STACK_SIZE - REX_STATE_RESERVE);
}

struct rex_cpu_state *rex_cpu_state(int cpu)
{
	return rex_state_from_sp((unsigned long)rex_stack_base(cpu));
}

/* Initial stack pointer of a program: the state's address, 64-byte aligned. */
unsigned long rex_stack_start(int cpu)
{
	return (unsigned long)rex_cpu_state(cpu);
}

static int __init rex_stack_alloc(int cpu)
{
	struct rex_cpu_state *state;
	void *base;

	base = __vmalloc_node(REX_STACK_SIZE, REX_STACK_SIZE, GFP_KERNEL | __GFP_ZERO,
			      cpu_to_node(cpu), __builtin_return_address(0));
	if (!base)
		return -ENOMEM;

	per_cpu(rex_stack, cpu) = base;
	state = rex_cpu_state(cpu);
	state->cpu = cpu;
	per_cpu(rex_stack_sp, cpu) = rex_stack_start(cpu);
	return 0;
}

int __init rex_stacks_init(void)
{
	int cpu, err;

	for_each_possible_cpu(cpu) {
		err = rex_stack_alloc(cpu);
		if (err) {
			pr_err("rex: cannot allocate the Rex stack of CPU %d\n", cpu);
			return err;
		}
	}
	return 0;
}
