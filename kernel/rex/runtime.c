// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Rex runtime: what a program calls besides BPF helpers, and the panic
 * path.
 *
 * A program stops early when it panics (rex::panic, a failed bounds check,
 * a division by zero, an invalid shift), when its stack check finds it at
 * the end of its budget, when the watchdog finds it past its time limit, or
 * when a CPU exception hits its code. All four end in rex_stop(): release
 * the resources the run holds (spin lock, task references, ring-buffer
 * records) newest first, record a report, disable the program unless it
 * keeps running, and unwind to the dispatcher, which returns the program's
 * default value to the hook as if the program had returned it.
 *
 * Reports are kept in a small ring readable at /proc/rex/log (root only),
 * and summarised in dmesg, rate-limited. /proc/rex/progs lists the loaded
 * Rex programs with their state and counters.
 */

#define pr_fmt(fmt) "rex: " fmt

#include <linux/filter.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/ratelimit.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/trapnr.h>

#include "internal.h"
#include "offsets.h"

#define REX_NR_REPORTS		32
#define REX_REPORT_LEN		2048
#define REX_TRACE_DEPTH		24

static const char * const rex_reason_names[] = {
	[REX_STOP_PANIC] = "panic",
	[REX_STOP_TIMEOUT] = "timeout",
	[REX_STOP_STACK] = "stack",
	[REX_STOP_FAULT] = "fault",
};

/* ---- where the running program is ---- */

bool rex_sp_on_this_stack(unsigned long sp)
{
	unsigned long base = (unsigned long)rex_stack_base(smp_processor_id());

	return sp >= base && sp < base + REX_STACK_SIZE;
}

bool rex_ip_in_prog(const struct bpf_prog *prog, unsigned long ip)
{
	const struct rex_image *img;

	if (!prog || !prog->aux->rex)
		return false;
	img = prog->aux->rex->image;
	return ip >= (unsigned long)img->mem && ip < (unsigned long)img->mem + img->text_size;
}

/* ---- resources held by the running program ---- */

static void rex_release(const struct rex_resource *r)
{
	switch (r->kind) {
	case REX_RES_TASK:
		put_task_struct(r->ptr);
		break;
	case REX_RES_RINGBUF:
		bpf_ringbuf_discard((unsigned long)r->ptr, BPF_RB_NO_WAKEUP, 0, 0, 0);
		break;
	}
}

/*
 * The spin lock first (it holds interrupts off, and nothing else depends
 * on it), then the rest newest first, as the program's destructors would.
 */
static void rex_release_all(struct rex_cpu_state *st)
{
	struct rex_stack_top *top = rex_state_top(st);
	unsigned long lock = (unsigned long)top->lock;

	if (lock) {
#ifdef REX_INLINE_SPIN_LOCK
		/* as rex_spin_unlock: the flags are the ones rex_spin_lock saved */
		arch_spin_unlock((arch_spinlock_t *)lock);
		local_irq_restore(st->lock_flags);
#else
		bpf_spin_unlock(lock, 0, 0, 0, 0);
#endif
		WRITE_ONCE(top->lock, 0);
	}
	while (st->nr_res) {
		st->nr_res--;
		rex_release(&st->res[st->nr_res]);
	}
}

/* Forget @ptr (the program releases it itself); false if it is not held. */
static bool rex_forget(struct rex_cpu_state *st, enum rex_resource_kind kind, void *ptr)
{
	int i;

	for (i = st->nr_res - 1; i >= 0; i--) {
		if (st->res[i].kind != kind || st->res[i].ptr != ptr)
			continue;
		memmove(&st->res[i], &st->res[i + 1], (st->nr_res - i - 1) * sizeof(st->res[0]));
		st->nr_res--;
		return true;
	}
	return false;
}

/* ---- reports ---- */

struct rex_report {
	u64 seq;
	char text[REX_REPORT_LEN];
};

static struct rex_report rex_reports[REX_NR_REPORTS];
static u64 rex_report_seq;		/* reports ever made; under rex_report_lock */
static DEFINE_RAW_SPINLOCK(rex_report_lock);
static DEFINE_PER_CPU(struct rex_report, rex_report_scratch);
static DEFINE_RATELIMIT_STATE(rex_dmesg_rs, 5 * HZ, 10);

static __printf(3, 4) void rex_add(char *buf, size_t *len, const char *fmt, ...)
{
	va_list args;

	/* the last byte is kept for the report's closing newline */
	va_start(args, fmt);
	*len += vscnprintf(buf + *len, REX_REPORT_LEN - 1 - *len, fmt, args);
	va_end(args);
}

/* Return addresses on the Rex stack, by the program's frame pointers. */
static unsigned int rex_walk_frames(unsigned long ip, unsigned long fp, unsigned long *ips,
				    unsigned int max)
{
	int cpu = smp_processor_id();
	unsigned long lo = (unsigned long)rex_stack_base(cpu);
	unsigned long hi = rex_stack_start(cpu);
	unsigned int n = 0;

	if (ip)
		ips[n++] = ip;
	while (n < max && fp >= lo && fp + 2 * sizeof(long) <= hi && IS_ALIGNED(fp, sizeof(long))) {
		unsigned long next = ((unsigned long *)fp)[0];
		unsigned long ret = ((unsigned long *)fp)[1];

		if (!ret)
			break;
		ips[n++] = ret;
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}

/*
 * The kernel's part of the trace: unwind from the dispatcher's frame,
 * which rex_enter left at state->saved_sp (r15 r14 r13 r12 rbx
 * rbp, then its return address).
 */
static unsigned int rex_kernel_frames(struct rex_cpu_state *st, unsigned long *ips,
				      unsigned int max)
{
	unsigned long *frame = (unsigned long *)st->saved_sp;
	struct pt_regs regs = {};

	regs.ip = frame[6];
	regs.sp = (unsigned long)&frame[7];
	regs.bp = frame[5];
	regs.cs = __KERNEL_CS;
	return stack_trace_save_regs(&regs, ips, max, 0);
}

static void rex_report(struct rex_cpu_state *st, const struct bpf_prog *prog,
		       enum rex_stop_reason reason, const char *msg, const char *file, u32 line,
		       unsigned long ip, unsigned long fp)
{
	struct rex_report *r = this_cpu_ptr(&rex_report_scratch);
	unsigned long ips[REX_TRACE_DEPTH];
	unsigned long flags;
	unsigned int i, n;
	size_t len = 0, head;
	bool in_rex = false;

	rex_add(r->text, &len, "prog %u %s cpu %d: %s: %s", prog->aux->id,
		prog->aux->name[0] ? prog->aux->name : "-", smp_processor_id(),
		rex_reason_names[reason], msg);
	if (file)
		rex_add(r->text, &len, " at %s:%u", file, line);
	head = len;
	for (i = 0; i < head; i++)	/* the first line stays one line */
		if (r->text[i] == '\n')
			r->text[i] = ' ';
	rex_add(r->text, &len, "\n");

	n = rex_walk_frames(ip, fp, ips, ARRAY_SIZE(ips));
	for (i = 0; i < n; i++) {
		bool rex = rex_ip_in_prog(prog, ips[i]);

		if (rex != in_rex)
			rex_add(r->text, &len, rex ? "  <REX>\n" : "  </REX>\n");
		in_rex = rex;
		rex_add(r->text, &len, "  %pS\n", (void *)ips[i]);
	}
	if (in_rex)
		rex_add(r->text, &len, "  </REX>\n");
	n = rex_kernel_frames(st, ips, ARRAY_SIZE(ips));
	for (i = 0; i < n; i++)
		rex_add(r->text, &len, "  %pS\n", (void *)ips[i]);
	if (r->text[len - 1] != '\n') {	/* cut short */
		r->text[len++] = '\n';
		r->text[len] = 0;
	}

	if (__ratelimit(&rex_dmesg_rs))
		pr_err("%.*s\n", (int)head, r->text);

	/* An NMI may have interrupted a reader: then this report is dropped. */
	if (in_nmi()) {
		if (!raw_spin_trylock_irqsave(&rex_report_lock, flags))
			return;
	} else {
		raw_spin_lock_irqsave(&rex_report_lock, flags);
	}
	r->seq = ++rex_report_seq;
	memcpy(&rex_reports[r->seq % REX_NR_REPORTS], r, sizeof(*r));
	raw_spin_unlock_irqrestore(&rex_report_lock, flags);
}

/* ---- stopping a run ---- */

static void rex_account(struct rex_prog *rp, enum rex_stop_reason reason)
{
	atomic_long_inc(&rp->panics);
	if (reason == REX_STOP_TIMEOUT)
		atomic_long_inc(&rp->timeouts);
	if (!rp->keep_running)
		WRITE_ONCE(rp->faulted, true);
}

/* The panic path: clean up, report, unwind to the dispatcher. */
static void __noreturn rex_stop(struct rex_cpu_state *st, enum rex_stop_reason reason,
				const char *msg, const char *file, u32 line,
				unsigned long ip, unsigned long fp)
{
	const struct bpf_prog *prog = st->prog;
	struct rex_prog *rp = prog->aux->rex;

	WRITE_ONCE(st->in_panic, 1);
	rex_release_all(st);
	rex_report(st, prog, reason, msg, file, line, ip, fp);
	rex_account(rp, reason);
	rex_state_top(st)->terminate_pending = 0;
	WRITE_ONCE(st->in_panic, 0);
	rex_unwind(st, rp->default_ret);
}

/* A program returned still holding resources: release them, count a panic. */
void rex_release_leftovers(struct rex_cpu_state *st, const struct bpf_prog *prog)
{
	WRITE_ONCE(st->in_panic, 1);
	rex_release_all(st);
	rex_report(st, prog, REX_STOP_PANIC, "returned while holding a resource", NULL, 0, 0, 0);
	rex_account(prog->aux->rex, REX_STOP_PANIC);
	WRITE_ONCE(st->in_panic, 0);
}

/* Entered from the thunks in rex_entry_64.S: (args..., fp, ip). */
void __noreturn rex_do_panic(const char *msg, const char *file, u32 line, unsigned long fp,
			     unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_PANIC, msg, file, line, ip, fp);
}

void __noreturn rex_do_terminate(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_TIMEOUT,
		 "ran longer than kernel.rex.timeout_ms (stopped after a helper call)",
		 NULL, 0, ip, fp);
}

void __noreturn rex_do_stack_exhausted(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_STACK,
		 "stack exhausted: the program used its " __stringify(REX_PROG_STACK_BUDGET)
		 " bytes (unbounded recursion?)", NULL, 0, ip, fp);
}

void __noreturn rex_do_unreached_import(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_PANIC,
		 "call of an import this program cannot reach (its type may not use it)", NULL, 0,
		 ip, fp);
}

/* From rex_stop_entry, where the watchdog or a trap sent the program. */
void __noreturn rex_do_stop(unsigned long fp)
{
	struct rex_cpu_state *st = rex_this_state();

	rex_stop(st, st->stop_reason, st->stop_msg, NULL, 0, st->stop_ip, fp);
}

/* The watchdog (in its hrtimer, on this CPU) or a trap ends the run at @regs. */
void rex_redirect(struct rex_cpu_state *st, struct pt_regs *regs, enum rex_stop_reason reason,
		  const char *msg)
{
	st->stop_ip = regs->ip;
	st->stop_reason = reason;
	st->stop_msg = msg;
	regs->ip = (unsigned long)rex_stop_entry;
}

bool rex_fixup_trap(struct pt_regs *regs, int trapnr)
{
	struct rex_cpu_state *st;

	if (user_mode(regs) || !(this_cpu_read(rex_run_seq) & 1))
		return false;
	st = rex_this_state();
	if (READ_ONCE(st->in_panic) || !rex_sp_on_this_stack(regs->sp) ||
	    !rex_ip_in_prog(st->prog, regs->ip))
		return false;
	rex_redirect(st, regs, REX_STOP_FAULT,
		     trapnr == X86_TRAP_DE ? "divide error (INT_MIN / -1?)" : "invalid opcode");
	return true;
}

/* ---- runtime functions (via the thunks: trailing fp, ip) ---- */

#define rex_panic_here(st, msg) rex_stop(st, REX_STOP_PANIC, msg, NULL, 0, ip, fp)

static void rex_need_slot(struct rex_cpu_state *st, unsigned long fp, unsigned long ip)
{
	if (st->nr_res >= REX_MAX_RESOURCES)
		rex_panic_here(st, "too many resources held at once (" __stringify(REX_MAX_RESOURCES) ")");
}

static void rex_hold(struct rex_cpu_state *st, enum rex_resource_kind kind, void *ptr)
{
	st->res[st->nr_res].kind = kind;
	st->res[st->nr_res].ptr = ptr;
	st->nr_res++;
}

/*
 * rex_spin_lock and rex_spin_unlock are rex_entry_64.S's; they come here
 * only when the program already holds a lock, or unlocks one it does not
 * hold.
 */
void __noreturn rex_rt_spin_lock(struct bpf_spin_lock *lock, u64 b, u64 c, unsigned long fp,
				 unsigned long ip)
{
	rex_panic_here(rex_this_state(),
		       "second spin lock: a program holds at most one spin lock at a time");
}

void __noreturn rex_rt_spin_unlock(struct bpf_spin_lock *lock, u64 b, u64 c, unsigned long fp,
				   unsigned long ip)
{
	rex_panic_here(rex_this_state(), "unlock of a spin lock the program does not hold");
}

void *rex_rt_ringbuf_reserve(struct bpf_map *map, u64 size, u64 flags, unsigned long fp,
			     unsigned long ip)
{
	struct rex_cpu_state *st = rex_this_state();
	void *sample;

	if (map->map_type != BPF_MAP_TYPE_RINGBUF)
		rex_panic_here(st, "ring-buffer reserve on a map that is not a ring buffer");
	rex_need_slot(st, fp, ip);
	sample = (void *)(unsigned long)bpf_ringbuf_reserve((unsigned long)map, size, flags, 0, 0);
	if (sample)
		rex_hold(st, REX_RES_RINGBUF, sample);
	return sample;
}

void rex_rt_ringbuf_submit(void *sample, u64 flags, u64 c, unsigned long fp, unsigned long ip)
{
	struct rex_cpu_state *st = rex_this_state();

	if (!rex_forget(st, REX_RES_RINGBUF, sample))
		rex_panic_here(st, "submit of a ring-buffer record the program does not hold");
	bpf_ringbuf_submit((unsigned long)sample, flags, 0, 0, 0);
}

void rex_rt_ringbuf_discard(void *sample, u64 flags, u64 c, unsigned long fp, unsigned long ip)
{
	struct rex_cpu_state *st = rex_this_state();

	if (!rex_forget(st, REX_RES_RINGBUF, sample))
		rex_panic_here(st, "discard of a ring-buffer record the program does not hold");
	bpf_ringbuf_discard((unsigned long)sample, flags, 0, 0, 0);
}

struct task_struct *rex_rt_task_get_current(u64 a, u64 b, u64 c, unsigned long fp,
					    unsigned long ip)
{
	struct rex_cpu_state *st = rex_this_state();
	struct task_struct *task = current;

	rex_need_slot(st, fp, ip);
	get_task_struct(task);
	rex_hold(st, REX_RES_TASK, task);
	return task;
}

void rex_rt_task_put(struct task_struct *task, u64 b, u64 c, unsigned long fp, unsigned long ip)
{
	struct rex_cpu_state *st = rex_this_state();

	if (!rex_forget(st, REX_RES_TASK, task))
		rex_panic_here(st, "release of a task reference the program does not hold");
	put_task_struct(task);
}

/* Only on a task the program holds (rex::task); no thunk, it cannot fail. */
u64 rex_rt_task_pid_tgid(struct task_struct *task)
{
	return (u64)task->tgid << 32 | (u32)task->pid;
}

/*
 * clang's -fsanitize=integer-divide-by-zero,shift,bounds handlers: the
 * data argument starts with the check's source location.
 */
struct rex_ubsan_location {
	const char *file;
	u32 line;
	u32 column;
};

void rex_rt_ubsan_divrem(const struct rex_ubsan_location *loc, u64 lhs, u64 rhs,
			 unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_PANIC, "division by zero", loc->file, loc->line,
		 ip, fp);
}

void rex_rt_ubsan_shift(const struct rex_ubsan_location *loc, u64 lhs, u64 rhs,
			unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_PANIC,
		 "shift out of range (negative or not less than the width)", loc->file,
		 loc->line, ip, fp);
}

void rex_rt_ubsan_bounds(const struct rex_ubsan_location *loc, u64 index, u64 c,
			 unsigned long fp, unsigned long ip)
{
	rex_stop(rex_this_state(), REX_STOP_PANIC, "array index out of bounds", loc->file,
		 loc->line, ip, fp);
}

/* ---- /proc/rex ---- */

static LIST_HEAD(rex_progs);
static DEFINE_MUTEX(rex_progs_lock);

void rex_prog_register(struct rex_prog *rp)
{
	mutex_lock(&rex_progs_lock);
	list_add_tail(&rp->node, &rex_progs);
	mutex_unlock(&rex_progs_lock);
}

void rex_prog_unregister(struct rex_prog *rp)
{
	mutex_lock(&rex_progs_lock);
	list_del(&rp->node);
	mutex_unlock(&rex_progs_lock);
}

static int rex_progs_show(struct seq_file *m, void *v)
{
	struct rex_prog *rp;

	seq_puts(m, "id name state policy panics timeouts skipped\n");
	mutex_lock(&rex_progs_lock);
	list_for_each_entry(rp, &rex_progs, node) {
		/* Not yet given an id (still loading): not listed. */
		if (!rp->prog->aux->id)
			continue;
		seq_printf(m, "%u %s %s %s %ld %ld %ld\n", rp->prog->aux->id,
			   rp->prog->aux->name[0] ? rp->prog->aux->name : "-",
			   READ_ONCE(rp->faulted) ? "faulted" : "ok",
			   rp->keep_running ? "keep-running" : "crash-stop",
			   atomic_long_read(&rp->panics), atomic_long_read(&rp->timeouts),
			   atomic_long_read(&rp->skipped));
	}
	mutex_unlock(&rex_progs_lock);
	return 0;
}

static int rex_log_show(struct seq_file *m, void *v)
{
	struct rex_report *copy;
	unsigned long flags;
	u64 seq, last;

	copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	raw_spin_lock_irqsave(&rex_report_lock, flags);
	last = rex_report_seq;
	raw_spin_unlock_irqrestore(&rex_report_lock, flags);
	seq = last > REX_NR_REPORTS ? last - REX_NR_REPORTS + 1 : 1;
	for (; seq <= last; seq++) {
		raw_spin_lock_irqsave(&rex_report_lock, flags);
		memcpy(copy, &rex_reports[seq % REX_NR_REPORTS], sizeof(*copy));
		raw_spin_unlock_irqrestore(&rex_report_lock, flags);
		if (copy->seq != seq)	/* overwritten meanwhile */
			continue;
		seq_printf(m, "report %llu: %s\n", seq, copy->text);
	}
	kfree(copy);
	return 0;
}

static int rex_watchdog_proc_show(struct seq_file *m, void *v)
{
	rex_watchdog_show(m);
	return 0;
}

int __init rex_proc_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir("rex", NULL);

	if (!dir)
		return -ENOMEM;
	if (!proc_create_single("progs", 0444, dir, rex_progs_show) ||
	    !proc_create_single("log", 0400, dir, rex_log_show) ||
	    !proc_create_single("watchdog", 0444, dir, rex_watchdog_proc_show))
		return -ENOMEM;
	return 0;
}
