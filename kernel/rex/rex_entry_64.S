/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entering and leaving Rex programs.
 *
 * unsigned int rex_enter(const void *ctx, struct rex_prog *rp)
 *
 * The dispatcher's fast path, from rex_run(): claims this CPU's Rex stack
 * (rex_run_seq odd), skips a faulted program, saves the callee-saved
 * registers on the caller's stack for the panic path, records that stack
 * pointer in the CPU's state and calls the program's entry on the Rex
 * stack, whose initial stack pointer is the state (64-byte aligned). A
 * program that returns pops its return address, so %rsp is the state
 * again. After it: leftover resources, and a termination the watchdog
 * asked for while a helper ran that nothing acted on, are dealt with.
 *
 * void rex_unwind(struct rex_cpu_state *state, u64 ret)
 *
 * The panic path's way out: drops everything the program had on the Rex
 * stack and returns @ret from rex_enter, as if the program had.
 *
 * The program is ordinary x86-64 SysV code compiled with frame pointers;
 * the runtime functions it imports are reached through thunks that hand
 * the C side the program's frame pointer and return address (the panic
 * report's stack trace), in the argument registers after the function's
 * own (%rcx and %r8: runtime functions take at most three arguments).
 */
#include <linux/linkage.h>
#include <linux/rex.h>
#include <asm/nospec-branch.h>
#include <asm/frame.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <linux/objtool.h>

#include "offsets.h"

	.text
SYM_FUNC_START(rex_enter)
	/*
	 * Test, then claim: the counter is never even while a program runs
	 * (an NMI seeing it even would take the busy stack). A run that
	 * interrupts us between the two returns with the parity it found.
	 */
	testb	$1, PER_CPU_VAR(rex_run_seq)
	jnz	.Lrex_nested
	incq	PER_CPU_VAR(rex_run_seq)
	cmpb	$0, REX_PROG_FAULTED(%rsi)
	jne	.Lrex_faulted
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	PER_CPU_VAR(rex_stack_sp), %rbx		/* the state; kept by the program */
	movq	%rsi, %r12				/* rp, likewise */
	movq	REX_PROG_PROG(%rsi), %rax
	movq	%rax, REX_STATE_PROG(%rbx)
	movq	%rsp, REX_STATE_SAVED_SP(%rbx)
	movq	%rbx, %rsp
	movq	REX_PROG_ENTRY(%rsi), %rax
	CALL_NOSPEC rax
	movq	REX_STATE_SAVED_SP(%rbx), %rsp
	cmpl	$0, REX_STATE_NR_RES(%rbx)
	jne	.Lrex_leftovers
	cmpq	$0, REX_STATE_LOCK(%rbx)
	jne	.Lrex_leftovers
.Lrex_check_pending:
	cmpl	$0, REX_STATE_PENDING(%rbx)
	jne	.Lrex_clear_pending
.Lrex_leave:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	incq	PER_CPU_VAR(rex_run_seq)
	RET

	/* set by the watchdog while a helper ran, and not acted on */
.Lrex_clear_pending:
	movl	$0, REX_STATE_PENDING(%rbx)
	jmp	.Lrex_leave
.Lrex_leftovers:
	movq	%rbx, %rdi
	movq	%r12, %rsi
	call	rex_run_leftovers
	jmp	.Lrex_check_pending
.Lrex_nested:
	movq	%rsi, %rdi
	jmp	rex_run_missed
.Lrex_faulted:
	movq	%rsi, %rdi
	jmp	rex_run_skipped
SYM_FUNC_END(rex_enter)
/* It switches to the Rex stack, which objtool cannot follow; the rest it checks. */
STACK_FRAME_NON_STANDARD rex_enter

SYM_FUNC_START(rex_unwind)
	movq	REX_STATE_SAVED_SP(%rdi), %rsp
	movq	%rsi, %rax
	/* a watchdog tick during the panic path's exit may have set it */
	movl	$0, REX_STATE_PENDING(%rdi)
	jmp	.Lrex_leave
SYM_FUNC_END(rex_unwind)
STACK_FRAME_NON_STANDARD rex_unwind

/* Runtime function @name, called by programs: tail-calls @target(a, b, c, fp, ip). */
.macro REX_THUNK name target
SYM_FUNC_START(\name)
	movq	%rbp, %rcx
	movq	(%rsp), %r8
	jmp	\target
SYM_FUNC_END(\name)
.endm

/*
 * void rex_spin_lock(struct bpf_spin_lock *lock)
 * void rex_spin_unlock(struct bpf_spin_lock *lock)
 *
 * The lock a program holds has a slot of its own (it holds at most one),
 * rex_stack_top.lock, where the support layer sees it, with the interrupt
 * flags it saved in the CPU's state: the panic path releases it from
 * there. A second lock, or an unlock of a lock not held, goes through the
 * thunks to the C side, which panics.
 *
 * The lock word is the one bpf_spin_lock() takes (kernel/bpf/helpers.c):
 * with native queued spin locks, taken and released here as
 * arch_spin_lock() and arch_spin_unlock() do (asm-generic/qspinlock.h:
 * a cmpxchg of 0 to _Q_LOCKED_VAL, else the slow path; a release store
 * of 0 to the locked byte), with interrupts off and traced as
 * local_irq_save() and local_irq_restore() trace them. Other lock
 * implementations (paravirt) go through the BPF helpers.
 *
 * The unlock ends with the termination check the support layer makes
 * after other calls: a timer interrupt that came while the lock was held
 * is taken just after the sti, inside this function, so a loop of lock
 * and unlock would otherwise only ever be marked pending. The lock needs
 * none: the unlock follows it.
 *
 * The slot is set before the lock word is taken and cleared after it is
 * released. Nothing can see it in between: the watchdog and the trap
 * handlers redirect only code in the program's text, and here they only
 * mark a termination pending.
 */
SYM_FUNC_START(rex_spin_lock_entry)
	movq	PER_CPU_VAR(rex_stack_sp), %rsi
	cmpq	$0, REX_STATE_LOCK(%rsi)
	jne	rex_spin_lock_thunk
#ifdef REX_INLINE_SPIN_LOCK
	pushfq
	popq	%rdx
	cli
	movq	%rdx, REX_STATE_LOCK_FLAGS(%rsi)
	movq	%rdi, REX_STATE_LOCK(%rsi)
#ifdef CONFIG_TRACE_IRQFLAGS
	testl	$X86_EFLAGS_IF, %edx
	jz	1f
	FRAME_BEGIN
	pushq	%rdi
	call	trace_hardirqs_off
	popq	%rdi
	FRAME_END
1:
#endif
	xorl	%eax, %eax
	movl	$REX_LOCK_LOCKED_VAL, %edx
	lock cmpxchgl %edx, (%rdi)
	jne	.Lrex_lock_contended
	RET
.Lrex_lock_contended:
	movl	%eax, %esi
	jmp	queued_spin_lock_slowpath	/* (lock, val seen): returns to the program */
#else
	FRAME_BEGIN
	pushq	%rdi
	pushq	%rsi
	call	bpf_spin_lock
	popq	%rsi
	popq	%rdi
	FRAME_END
	movq	%rdi, REX_STATE_LOCK(%rsi)
	RET
#endif
SYM_FUNC_END(rex_spin_lock_entry)

SYM_FUNC_START(rex_spin_unlock_entry)
	movq	PER_CPU_VAR(rex_stack_sp), %rsi
	cmpq	%rdi, REX_STATE_LOCK(%rsi)
	jne	rex_spin_unlock_thunk
#ifdef REX_INLINE_SPIN_LOCK
	movb	$0, (%rdi)
	testl	$X86_EFLAGS_IF, REX_STATE_LOCK_FLAGS(%rsi)
	jz	1f
#ifdef CONFIG_TRACE_IRQFLAGS
	FRAME_BEGIN
	pushq	%rsi
	call	trace_hardirqs_on
	popq	%rsi
	FRAME_END
#endif
	sti
1:
#else
	FRAME_BEGIN
	pushq	%rsi
	call	bpf_spin_unlock
	popq	%rsi
	FRAME_END
#endif
	/*
	 * The instruction after sti runs before a pending interrupt is taken:
	 * clearing the slot there puts the watchdog's tick before the check.
	 */
	movq	$0, REX_STATE_LOCK(%rsi)
	cmpl	$0, REX_STATE_PENDING(%rsi)
	jne	rex_terminate_thunk
	RET
SYM_FUNC_END(rex_spin_unlock_entry)

REX_THUNK rex_panic_thunk rex_do_panic
REX_THUNK rex_terminate_thunk rex_do_terminate
REX_THUNK rex_spin_lock_thunk rex_rt_spin_lock
REX_THUNK rex_spin_unlock_thunk rex_rt_spin_unlock
REX_THUNK rex_ringbuf_reserve_thunk rex_rt_ringbuf_reserve
REX_THUNK rex_ringbuf_submit_thunk rex_rt_ringbuf_submit
REX_THUNK rex_ringbuf_discard_thunk rex_rt_ringbuf_discard
REX_THUNK rex_task_get_current_thunk rex_rt_task_get_current
REX_THUNK rex_task_put_thunk rex_rt_task_put
REX_THUNK rex_ubsan_divrem_thunk rex_rt_ubsan_divrem
REX_THUNK rex_ubsan_shift_thunk rex_rt_ubsan_shift
REX_THUNK rex_ubsan_bounds_thunk rex_rt_ubsan_bounds

/*
 * rex_stack_exhausted: called by a function of a program with recursion or
 * indirect calls whose own check at entry (inserted by rex build's
 * compiler plugin, after the frame of at most REX_FRAME_MAX bytes is
 * allocated) found the program past its stack budget. The rest of the
 * stack is left for the panic path.
 */
REX_THUNK rex_stack_exhausted_thunk rex_do_stack_exhausted

/*
 * rex_unreached_import: what an import is bound to in the mapping of a
 * program that cannot reach it and whose type may not use it (a TC-only
 * helper in the XDP program's mapping of an image holding both). The
 * loader's call graph says it is never called; if it is, the run panics.
 */
REX_THUNK rex_unreached_import_thunk rex_do_unreached_import

/*
 * The watchdog or a trap handler rewrote the interrupted program's
 * instruction pointer to here (state->stop_ip has where it was). The stack
 * pointer is the program's, at any alignment.
 */
SYM_FUNC_START(rex_stop_entry)
	movq	%rbp, %rdi
	andq	$-16, %rsp
	call	rex_do_stop
	ud2
SYM_FUNC_END(rex_stop_entry)
STACK_FRAME_NON_STANDARD rex_stop_entry
