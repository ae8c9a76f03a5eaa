/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Enter a Rex program on this CPU's Rex stack.
 *
 * u64 rex_call_on_stack(void *ctx, u64 (*entry)(void *ctx), unsigned long sp)
 *
 * The program is ordinary x86-64 SysV code and saves the callee-saved
 * registers it uses; only the stack pointer has to be switched and
 * restored. @sp is 16-byte aligned, so the entry sees the ABI alignment.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>

	.text
SYM_FUNC_START(rex_call_on_stack)
	pushq	%rbp
	movq	%rsp, %rbp
	movq	%rdx, %rsp
	CALL_NOSPEC rsi
	movq	%rbp, %rsp
	popq	%rbp
	RET
SYM_FUNC_END(rex_call_on_stack)
