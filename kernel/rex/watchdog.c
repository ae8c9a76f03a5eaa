// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Rex watchdog: ends runs that take longer than kernel.rex.timeout_ms.
 *
 * While any Rex program is loaded, every online CPU has a pinned hard-IRQ
 * hrtimer ticking every timeout_ms. The dispatcher makes rex_run_seq odd
 * for the length of a run; a tick that finds the same odd value as the
 * previous tick has found a run that has lasted at least one period, so a
 * run is stopped between one and two periods after it started. Then:
 *
 *  - interrupted in program code (on the Rex stack, in the program's
 *    text): the interrupted instruction pointer is rewritten to the
 *    runtime's stop entry, which panics with "timeout" once the interrupt
 *    returns;
 *  - interrupted anywhere else on the Rex stack (a helper, the runtime):
 *    terminate_pending is set in struct rex_stack_top, and the support
 *    layer calls rex_terminate() when the helper returns; if the program
 *    ignores it, a later tick will catch it in its own code;
 *  - in the panic path: left alone.
 *
 * Code that runs with interrupts disabled (a program holding a spin lock,
 * or one called from hard-IRQ or NMI context) cannot be interrupted by the
 * timer; see Documentation/rex/runtime.rst.
 */

#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/irq_regs.h>

#include "internal.h"

static DEFINE_PER_CPU(struct hrtimer, rex_watchdog);
static DEFINE_MUTEX(rex_watchdog_lock);
static unsigned int rex_watchdog_users;		/* loaded Rex programs */
static bool rex_watchdog_on;			/* read by the ticks */

static ktime_t rex_watchdog_period(void)
{
	return ms_to_ktime(READ_ONCE(rex_timeout_ms));
}

static void rex_watchdog_check(void)
{
	unsigned long seq = this_cpu_read(rex_run_seq);
	struct rex_cpu_state *st = rex_this_state();
	struct pt_regs *regs = get_irq_regs();
	unsigned long seen = st->seen_seq;

	st->seen_seq = seq;
	if (!(seq & 1) || seq != seen || READ_ONCE(st->in_panic))
		return;
	if (!regs || user_mode(regs) || !rex_sp_on_this_stack(regs->sp))
		return;
	if (rex_ip_in_prog(st->prog, regs->ip))
		rex_redirect(st, regs, REX_STOP_TIMEOUT, "ran longer than kernel.rex.timeout_ms");
	else
		rex_state_top(st)->terminate_pending = 1;
}

static enum hrtimer_restart rex_watchdog_tick(struct hrtimer *timer)
{
	if (!READ_ONCE(rex_watchdog_on))
		return HRTIMER_NORESTART;
	rex_watchdog_check();
	hrtimer_forward_now(timer, rex_watchdog_period());
	return HRTIMER_RESTART;
}

static void rex_watchdog_start_here(void *unused)
{
	struct hrtimer *timer = this_cpu_ptr(&rex_watchdog);

	rex_this_state()->seen_seq = 0;
	hrtimer_start(timer, rex_watchdog_period(), HRTIMER_MODE_REL_PINNED_HARD);
}

/* A Rex program was loaded: the first one starts the timers. */
void rex_watchdog_get(void)
{
	mutex_lock(&rex_watchdog_lock);
	if (!rex_watchdog_users++) {
		WRITE_ONCE(rex_watchdog_on, true);
		on_each_cpu(rex_watchdog_start_here, NULL, 1);
	}
	mutex_unlock(&rex_watchdog_lock);
}

/* kernel.rex.timeout_ms changed: restart the running timers with the new period. */
void rex_watchdog_rearm(void)
{
	mutex_lock(&rex_watchdog_lock);
	if (rex_watchdog_users)
		on_each_cpu(rex_watchdog_start_here, NULL, 1);
	mutex_unlock(&rex_watchdog_lock);
}

/* A Rex program was freed: the last one stops the timers. May sleep. */
void rex_watchdog_put(void)
{
	int cpu;

	mutex_lock(&rex_watchdog_lock);
	if (!--rex_watchdog_users) {
		WRITE_ONCE(rex_watchdog_on, false);
		for_each_possible_cpu(cpu)
			hrtimer_cancel(per_cpu_ptr(&rex_watchdog, cpu));
	}
	mutex_unlock(&rex_watchdog_lock);
}

bool rex_watchdog_armed(int cpu)
{
	return hrtimer_active(per_cpu_ptr(&rex_watchdog, cpu));
}

int __init rex_watchdog_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct hrtimer *timer = per_cpu_ptr(&rex_watchdog, cpu);

		hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
		timer->function = rex_watchdog_tick;
	}
	return 0;
}
