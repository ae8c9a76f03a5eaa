/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * kprobe programs (BPF_PROG_TYPE_KPROBE): run when the kernel reaches a
 * probed function (the attach target, e.g. "__x64_sys_getppid").
 *
 *	u32 on_call(rex::kprobe_ctx &ctx) { u64 first = ctx.arg<0>(); ... }
 *	REX_PROGRAM(my_probe, on_call, .target = "do_sys_openat2");
 *
 * The context is the probed CPU's struct pt_regs: arguments are registers.
 */

#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/result.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

namespace detail {

/* struct pt_regs of x86-64 (arch/x86/include/asm/ptrace.h, Linux 6.12). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx;
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};
static_assert(sizeof(pt_regs) == 21 * 8 && __builtin_offsetof(pt_regs, di) == 112,
	      "struct pt_regs layout of Linux 6.12 on x86-64");

} // namespace detail

class kprobe_ctx {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_KPROBE;
	static constexpr u32 bpf_attach_type = 0;

	/* Argument N (0-5) of the probed function, by the SysV calling convention. */
	template <unsigned N>
	u64 arg() const
	{
		static_assert(N < 6, "rex::kprobe_ctx::arg<N>: only the first 6 arguments are in registers");
		if constexpr (N == 0)
			return regs_->di;
		else if constexpr (N == 1)
			return regs_->si;
		else if constexpr (N == 2)
			return regs_->dx;
		else if constexpr (N == 3)
			return regs_->cx;
		else if constexpr (N == 4)
			return regs_->r8;
		else
			return regs_->r9;
	}

	/* The return value, for a probe on the function's return (kretprobe). */
	u64 return_value() const { return regs_->ax; }

	/* The probed instruction's address. */
	u64 ip() const { return regs_->ip; }

	/*
	 * Makes the probed function return value at once, without running
	 * its body: error injection, e.g. to test a failure path.
	 *
	 *	u32 inject(rex::kprobe_ctx &ctx)
	 *	{
	 *		ctx.override_return(rex::error::no_memory);    // returns -ENOMEM
	 *		return 0;
	 *	}
	 *	REX_PROGRAM(failslab, inject, .target = "should_failslab");
	 *
	 * Only for a kprobe on the entry of a function the kernel marks as
	 * error-injectable (ALLOW_ERROR_INJECTION, listed in
	 * /sys/kernel/debug/error_injection/list), in a kernel built with
	 * CONFIG_BPF_KPROBE_OVERRIDE: loading fails without that option, and
	 * attaching to any other function fails with EINVAL.  In a kernel
	 * without ftrace the probe is an int3 that the kernel may optimize
	 * into a jump, which ignores the override (as for eBPF): set
	 * /proc/sys/debug/kprobes-optimization to 0 first.
	 */
	void override_return(error value)
	{
		override_return(-static_cast<s64>(value));
	}
	template <typename T>
	void override_return(T value)
	{
		static_assert(detail::is_integer_like<T>,
			      "rex::kprobe_ctx::override_return(value): value must be an integer (the "
			      "function's return value, e.g. -12 for -ENOMEM) or a rex::error");
		detail::kernel_call<detail::bpf_override_return>(static_cast<void *>(regs_), detail::to_u64(value));
	}

private:
	friend detail::context_access;
	explicit kprobe_ctx(void *raw) : regs_(static_cast<detail::pt_regs *>(raw)) {}
	void *raw() const { return regs_; }

	detail::pt_regs *regs_;
};

} // namespace rex
