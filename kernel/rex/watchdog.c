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
 * A program that runs with interrupts disabled (a kprobe program called
 * from the int3 handler, one called from hard-IRQ context, one holding a
 * spin lock) does not see its own CPU's timer. So each tick also looks at
 * the other CPUs: a run another CPU has been in for a full timeout, as this
 * CPU has observed it, gets a non-maskable interrupt, whose handler acts as
 * the tick would, again every tick until the run ends. Only with a single
 * online CPU does such a run go
 * unstopped; see Documentation/rex/runtime.rst.
 */

#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/irq_regs.h>
#include <asm/nmi.h>

#include "internal.h"

static DEFINE_PER_CPU(struct hrtimer, rex_watchdog);
static DEFINE_MUTEX(rex_watchdog_lock);
static unsigned int rex_watchdog_users;		/* loaded Rex programs */
static bool rex_watchdog_on;			/* read by the ticks */

/* A run on another CPU as seen from the ticks of the others. */
struct rex_remote_watch {
	unsigned long seq;		/* the run (odd rex_run_seq) ... */
	u64 since;			/* ... first seen at this time */
	unsigned long nmi_seq;		/* the run NMIs are sent to stop */
};

static DEFINE_PER_CPU(struct rex_remote_watch, rex_remote);

/* What the watchdog did on each CPU, for /proc/rex/watchdog. */
struct rex_watchdog_stats {
	unsigned long ticks, redirects, pendings, nmis_sent, nmis;
};

static DEFINE_PER_CPU(struct rex_watchdog_stats, rex_wd_stats);

static ktime_t rex_watchdog_period(void)
{
	return ms_to_ktime(READ_ONCE(rex_timeout_ms));
}

/*
 * An NMI from kernel mode returns through the "iret" copy of the
 * interrupted frame that entry_64.S keeps just above pt_regs, whose ip..ss
 * are the "outermost" copy (see the stack layout at asm_exc_nmi): a
 * redirect from the NMI handler must change that copy too. If a nested NMI
 * has pointed it at repeat_nmi, the repeat copies the outermost frame,
 * already redirected, so it is left alone.
 */
static void rex_nmi_set_return(struct pt_regs *regs, unsigned long old_ip)
{
	unsigned long *iret = (unsigned long *)(regs + 1);

	if (iret[0] == old_ip && iret[1] == regs->cs && iret[3] == regs->sp)
		iret[0] = regs->ip;
}

/* Stop this CPU's run @seq, interrupted at @regs, if it still runs. */
static void rex_watchdog_stop(struct pt_regs *regs, unsigned long seq, bool nmi)
{
	struct rex_cpu_state *st = rex_this_state();

	if (this_cpu_read(rex_run_seq) != seq || READ_ONCE(st->in_panic))
		return;
	if (!regs || user_mode(regs) || !rex_sp_on_this_stack(regs->sp))
		return;
	if (rex_ip_in_prog(st->prog, regs->ip)) {
		unsigned long ip = regs->ip;

		rex_redirect(st, regs, REX_STOP_TIMEOUT, "ran longer than kernel.rex.timeout_ms");
		if (nmi)
			rex_nmi_set_return(regs, ip);
		this_cpu_inc(rex_wd_stats.redirects);
	} else {
		rex_state_top(st)->terminate_pending = 1;
		this_cpu_inc(rex_wd_stats.pendings);
	}
}

static void rex_watchdog_check(void)
{
	unsigned long seq = this_cpu_read(rex_run_seq);
	struct rex_cpu_state *st = rex_this_state();
	unsigned long seen = st->seen_seq;

	st->seen_seq = seq;
	if ((seq & 1) && seq == seen)
		rex_watchdog_stop(get_irq_regs(), seq, false);
}

/* Runs on other CPUs that their own (masked) ticks cannot see. */
static void rex_watchdog_check_others(void)
{
	u64 now = ktime_get_mono_fast_ns();
	u64 limit = (u64)READ_ONCE(rex_timeout_ms) * NSEC_PER_MSEC;
	int this = smp_processor_id(), cpu;

	for_each_online_cpu(cpu) {
		struct rex_remote_watch *w = per_cpu_ptr(&rex_remote, cpu);
		unsigned long seq = READ_ONCE(per_cpu(rex_run_seq, cpu));

		if (cpu == this || !(seq & 1))
			continue;
		if (READ_ONCE(w->seq) != seq) {
			WRITE_ONCE(w->since, now);
			WRITE_ONCE(w->seq, seq);
			continue;
		}
		if (now - READ_ONCE(w->since) < limit)
			continue;
		/*
		 * Every tick until the run ends: an NMI that arrives while
		 * another is handled can be lost, and one that finds the
		 * program in a helper only marks termination pending.
		 */
		WRITE_ONCE(w->nmi_seq, seq);
		this_cpu_inc(rex_wd_stats.nmis_sent);
		__apic_send_IPI(cpu, NMI_VECTOR);
	}
}

static int rex_watchdog_nmi(unsigned int cmd, struct pt_regs *regs)
{
	unsigned long seq = this_cpu_read(rex_run_seq);

	if (!(seq & 1) || READ_ONCE(this_cpu_ptr(&rex_remote)->nmi_seq) != seq)
		return NMI_DONE;
	this_cpu_inc(rex_wd_stats.nmis);
	rex_watchdog_stop(regs, seq, true);
	return NMI_HANDLED;
}

static enum hrtimer_restart rex_watchdog_tick(struct hrtimer *timer)
{
	if (!READ_ONCE(rex_watchdog_on))
		return HRTIMER_NORESTART;
	this_cpu_inc(rex_wd_stats.ticks);
	rex_watchdog_check();
	rex_watchdog_check_others();
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

void rex_watchdog_show(struct seq_file *m)
{
	int cpu;

	seq_puts(m, "cpu armed ticks redirects pendings nmis_sent nmis\n");
	for_each_online_cpu(cpu) {
		const struct rex_watchdog_stats *s = per_cpu_ptr(&rex_wd_stats, cpu);

		seq_printf(m, "%d %d %lu %lu %lu %lu %lu\n", cpu, rex_watchdog_armed(cpu),
			   READ_ONCE(s->ticks), READ_ONCE(s->redirects), READ_ONCE(s->pendings),
			   READ_ONCE(s->nmis_sent), READ_ONCE(s->nmis));
	}
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
	return register_nmi_handler(NMI_LOCAL, rex_watchdog_nmi, 0, "rex_watchdog");
}
