/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * kprobe programs (BPF_PROG_TYPE_KPROBE): run when the kernel reaches a
 * probed function (the attach target, e.g. "__x64_sys_getppid").
 *
 *	u32 on_call(rex::kprobe_ctx &ctx) { int dfd = ctx.arg<0, int>(); ... }
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

/*
 * A register as the integer or enum T it holds.  The SysV ABI leaves the
 * bits above a narrower argument or return value undefined (an int
 * argument is in edi; the rest of rdi is whatever was there), so the
 * register is truncated to T's size, then sign- or zero-extended by T.
 */
template <typename T>
constexpr T register_as(u64 value)
{
	static_assert(is_integer_like<T> && sizeof(T) <= 8,
		      "rex::kprobe_ctx: arguments and return values are read as integers or enums of "
		      "at most 8 bytes (for a bool, read a u8 and test it; a pointer is a u64 address "
		      "for rex::probe_read_kernel)");
	if constexpr (__is_enum(T))
		return static_cast<T>(static_cast<__underlying_type(T)>(value));
	else
		return static_cast<T>(value);
}

/* struct pt_regs of x86-64 (arch/x86/include/asm/ptrace.h, Linux 6.12). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx;
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};
static_assert(sizeof(pt_regs) == 21 * 8 && __builtin_offsetof(pt_regs, di) == 112,
	      "struct pt_regs layout of Linux 6.12 on x86-64");

} // namespace detail

class kprobe_ctx : detail::holds_address {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_KPROBE;
	static constexpr u32 bpf_attach_type = 0;

	/*
	 * Argument N (0-5) of the probed function, by the SysV calling
	 * convention, as the type T it has in the function's signature: an
	 * integer or enum (the whole register, a u64, by default).
	 *
	 *	int dfd = ctx.arg<0, int>();             // -100 for AT_FDCWD
	 *	rex::u64 filename = ctx.arg<1>();        // an address
	 */
	template <unsigned N, typename T = u64>
	T arg() const
	{
		static_assert(N < 6, "rex::kprobe_ctx::arg<N>: only the first 6 arguments are in registers");
		if constexpr (N == 0)
			return detail::register_as<T>(regs_->di);
		else if constexpr (N == 1)
			return detail::register_as<T>(regs_->si);
		else if constexpr (N == 2)
			return detail::register_as<T>(regs_->dx);
		else if constexpr (N == 3)
			return detail::register_as<T>(regs_->cx);
		else if constexpr (N == 4)
			return detail::register_as<T>(regs_->r8);
		else
			return detail::register_as<T>(regs_->r9);
	}

	/*
	 * The return value, for a probe on the function's return (kretprobe),
	 * as T (an integer or enum; the whole register by default):
	 * ctx.return_value<long>() < 0 for a failed system call.
	 */
	template <typename T = u64>
	T return_value() const
	{
		return detail::register_as<T>(regs_->ax);
	}

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
