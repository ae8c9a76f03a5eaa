/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entering and leaving Rex programs.
 *
 * u64 rex_call_on_stack(void *ctx, u64 (*entry)(void *ctx),
 *			 struct rex_cpu_state *state)
 *
 * Saves the callee-saved registers on the caller's stack, records that
 * stack pointer in state->saved_sp and calls the entry on the Rex stack,
 * whose initial stack pointer is @state (64-byte aligned). A program
 * that returns pops its return address, so %rsp is @state again.
 *
 * void rex_unwind(struct rex_cpu_state *state, u64 ret)
 *
 * The panic path's way out: drops everything the program had on the Rex
 * stack and returns @ret from rex_call_on_stack, as if the program had.
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

	.text
SYM_FUNC_START(rex_call_on_stack)
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdx)
	movq	%rdx, %rsp
	CALL_NOSPEC rsi
	movq	(%rsp), %rsp
.Lrex_leave:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	RET
SYM_FUNC_END(rex_call_on_stack)

SYM_FUNC_START(rex_unwind)
	movq	(%rdi), %rsp
	movq	%rsi, %rax
	jmp	.Lrex_leave
SYM_FUNC_END(rex_unwind)

/* Runtime function @name, called by programs: tail-calls @target(a, b, c, fp, ip). */
.macro REX_THUNK name target
SYM_FUNC_START(\name)
	movq	%rbp, %rcx
	movq	(%rsp), %r8
	jmp	\target
SYM_FUNC_END(\name)
.endm

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
