/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * BPF helpers: the kernel functions a Rex program may call.
 *
 * The declarations in rex::detail are the program's imports.  Each is an
 * ordinary C function of the kernel, u64 f(u64 r1, ..., u64 r5) in the
 * x86-64 SysV ABI, named exactly as in enum bpf_func_id; rex build checks
 * that they are called directly, and the kernel links them only if the
 * program type offers the helper (as the verifier would).  Programs call
 * the typed wrappers in namespace rex below instead; each call goes through
 * detail::kernel_call (runtime.hpp), which runs the termination check after
 * the helper returns.
 */

#include <rex/array.hpp>
#include <rex/optional.hpp>
#include <rex/runtime.hpp>
#include <rex/types.hpp>

namespace rex::detail {

extern "C" {
/* Maps (map.hpp); map is the struct bpf_map * bound to a map descriptor. */
void *bpf_map_lookup_elem(void *map, const void *key);
long bpf_map_update_elem(void *map, const void *key, const void *value, u64 flags);
long bpf_map_delete_elem(void *map, const void *key);
long bpf_map_push_elem(void *map, const void *value, u64 flags);
long bpf_map_pop_elem(void *map, void *value);
long bpf_map_peek_elem(void *map, void *value);

/* perf_event_array.hpp and stack_trace.hpp; ctx is the kernel's context object. */
long bpf_perf_event_output(void *ctx, void *map, u64 flags, const void *data, u64 size);
long bpf_get_stackid(void *ctx, void *map, u64 flags);
long bpf_get_stack(void *ctx, void *buf, u32 size, u64 flags);

/* Time, CPU, random numbers and current task. */
u64 bpf_ktime_get_ns(void);
u64 bpf_ktime_get_boot_ns(void);
u64 bpf_ktime_get_coarse_ns(void);
u64 bpf_jiffies64(void);
u32 bpf_get_smp_processor_id(void);
u32 bpf_get_numa_node_id(void);
u32 bpf_get_prandom_u32(void);
u64 bpf_get_current_pid_tgid(void);
long bpf_get_current_comm(void *buf, u32 size_of_buf);

/* Kernel memory and the trace pipe; data is an array of data_len / 8 u64s. */
long bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr);
long bpf_trace_printk(const char *fmt, u32 fmt_size, u64 arg1, u64 arg2, u64 arg3);
long bpf_trace_vprintk(const char *fmt, u32 fmt_size, const void *data, u32 data_len);

/*
 * Program-type specific (tc.hpp, xdp.hpp, perf_event.hpp); ctx is the
 * kernel's.  bpf_redirect is both TC's and XDP's: each type's
 * get_func_proto links its own implementation under this one name.
 */
long bpf_redirect(u32 ifindex, u64 flags);
/* redirect_map.hpp: XDP's; the low two bits of flags are the action when key holds nothing. */
long bpf_redirect_map(void *map, u64 key, u64 flags);
long bpf_skb_load_bytes(const void *skb, u32 offset, void *to, u32 len);
long bpf_perf_prog_read_value(void *ctx, void *buf, u32 buf_size);
long bpf_xdp_adjust_head(void *xdp, int delta);
long bpf_xdp_adjust_tail(void *xdp, int delta);
long bpf_override_return(void *regs, u64 rc);
}

} // namespace rex::detail

namespace rex {

/* Nanoseconds since boot, not counting suspend (CLOCK_MONOTONIC). */
inline u64 ktime_get_ns()
{
	return detail::kernel_call<detail::bpf_ktime_get_ns>();
}

/* Nanoseconds since boot, counting time spent suspended (CLOCK_BOOTTIME). */
inline u64 ktime_get_boot_ns()
{
	return detail::kernel_call<detail::bpf_ktime_get_boot_ns>();
}

/*
 * CLOCK_MONOTONIC as of the last timer tick: cheaper than ktime_get_ns(),
 * but only as fine as a tick (1/CONFIG_HZ s).  Offered to XDP and TC
 * programs, not to kprobes or tracepoints (as in eBPF).
 */
inline u64 ktime_get_coarse_ns()
{
	return detail::kernel_call<detail::bpf_ktime_get_coarse_ns>();
}

/*
 * The kernel's tick counter, jiffies_64: CONFIG_HZ ticks a second,
 * starting 5 minutes before the 32-bit wrap (INITIAL_JIFFIES), so compare
 * differences, never absolute values.
 */
inline u64 jiffies64()
{
	return detail::kernel_call<detail::bpf_jiffies64>();
}

/* The CPU the program runs on. */
inline u32 get_smp_processor_id()
{
	return detail::kernel_call<detail::bpf_get_smp_processor_id>();
}

/* The NUMA node of that CPU (0 on a machine without NUMA). */
inline u32 get_numa_node_id()
{
	return detail::kernel_call<detail::bpf_get_numa_node_id>();
}

/*
 * A pseudo-random number from the kernel's per-CPU generator: for
 * sampling and load balancing, not for anything that must be unguessable.
 */
inline u32 get_prandom_u32()
{
	return detail::kernel_call<detail::bpf_get_prandom_u32>();
}

/* tgid << 32 | pid of the current task (user space's pid << 32 | tid). */
inline u64 get_current_pid_tgid()
{
	return detail::kernel_call<detail::bpf_get_current_pid_tgid>();
}

/* The process id as user space knows it (the kernel's tgid). */
inline u32 current_tgid()
{
	return static_cast<u32>(get_current_pid_tgid() >> 32);
}

/* The thread id as user space knows it (the kernel's pid). */
inline u32 current_pid()
{
	return static_cast<u32>(get_current_pid_tgid());
}

/* TASK_COMM_LEN bytes, NUL-terminated. */
using task_comm = array<char, 16>;

/* The name of the current task's executable, or nothing on failure. */
inline optional<task_comm> get_current_comm()
{
	task_comm comm{};
	if (detail::kernel_call<detail::bpf_get_current_comm>(&comm.elements[0], u32{sizeof(comm.elements)}) != 0)
		return nullopt;
	return comm;
}

/*
 * A copy of the T at a kernel address, or nothing if that memory cannot be
 * read.  The address is a number: reading it can fail, never fault.
 */
template <typename T>
inline optional<T> probe_read_kernel(u64 address)
{
	static_assert(is_plain_data<T>,
		      "rex::probe_read_kernel<T>: T must be plain data (trivially copyable, "
		      "standard layout, no pointers): it is copied from raw kernel memory");
	T value;
	if (detail::kernel_call<detail::bpf_probe_read_kernel>(&value, u32{sizeof(T)},
							     reinterpret_cast<const void *>(address)) != 0)
		return nullopt;
	return value;
}

namespace detail {

/*
 * Reaching one of these in a constant expression is the compile error; the
 * name is the message ("non-constexpr function '...' cannot be used").
 */
void trace_format_has_more_conversions_than_arguments();
void trace_format_has_fewer_conversions_than_arguments();
void trace_format_supports_only_d_i_u_x_X_c_conversions();
void trace_format_needs_l_or_ll_for_a_64_bit_argument();
void trace_format_c_takes_no_l_or_ll();
void trace_format_c_needs_an_argument_of_at_most_32_bits();
void trace_format_contains_a_control_character();

/* bpf_trace_printk takes 3 arguments in registers, bpf_trace_vprintk up to 12 in an array. */
inline constexpr usize trace_printk_max_args = 3;
inline constexpr usize trace_vprintk_max_args = 12; /* the kernel's MAX_BPRINTF_VARARGS */

/*
 * A format string for rex::trace, checked at compile time against the
 * arguments with the rules of the kernel's bpf_bprintf_prepare, which both
 * bpf_trace_printk and bpf_trace_vprintk use: %d %i %u %x %X with optional
 * flags "0+- ", a width, and l/ll; %c (a character: no l or ll); %% for a
 * percent sign.  %s and %p are not offered: they take addresses.  What the
 * kernel would refuse at run time (-EINVAL, and no line) is refused here.
 */
template <typename... Args>
struct trace_format : detail::holds_address {
	const char *text;
	u32 size; /* with the NUL, as the helpers want */

	template <usize N>
	consteval trace_format(const char (&fmt)[N]) : text(fmt), size(N)
	{
		constexpr usize arg_sizes[] = {sizeof(Args)..., 0};
		usize conversions = 0;

		for (usize i = 0; i + 1 < N; i++) {
			char c = fmt[i];
			if ((c >= 0 && c < ' ' && c != '\n' && c != '\t') || c == 0x7f)
				trace_format_contains_a_control_character();
			if (c != '%')
				continue;
			if (fmt[i + 1] == '%') {
				i++;
				continue;
			}
			i++;
			while (fmt[i] == '0' || fmt[i] == '+' || fmt[i] == '-' || fmt[i] == ' ')
				i++;
			while (fmt[i] >= '0' && fmt[i] <= '9')
				i++;
			usize length = 4;
			if (fmt[i] == 'l') {
				length = 8;
				i++;
				if (fmt[i] == 'l')
					i++;
			}
			c = fmt[i];
			if (c != 'd' && c != 'i' && c != 'u' && c != 'x' && c != 'X' && c != 'c')
				trace_format_supports_only_d_i_u_x_X_c_conversions();
			if (conversions >= sizeof...(Args))
				trace_format_has_more_conversions_than_arguments();
			if (c == 'c') {
				/* The kernel reads %c before any length: it refuses %lc. */
				if (length != 4)
					trace_format_c_takes_no_l_or_ll();
				if (arg_sizes[conversions] > 4)
					trace_format_c_needs_an_argument_of_at_most_32_bits();
			} else if (arg_sizes[conversions] > length) {
				trace_format_needs_l_or_ll_for_a_64_bit_argument();
			}
			conversions++;
		}
		if (conversions < sizeof...(Args))
			trace_format_has_fewer_conversions_than_arguments();
	}
};

} // namespace detail

/*
 * Writes a line to /sys/kernel/tracing/trace_pipe, printf-style:
 *
 *	rex::trace("pid %u ran for %llu ns\n", rex::current_pid(), delta);
 *
 * Up to 12 integer or enum arguments; the format is checked at compile
 * time.  Up to 3 go in registers to bpf_trace_printk; more go to
 * bpf_trace_vprintk as an array of u64s, which costs a copy and, for the
 * image, one more import (which every program type offering
 * bpf_trace_printk offers too).  Returns the number of bytes written or a
 * negative errno.  For debugging: the trace pipe is slow and shared.
 */
template <typename... Args>
inline long trace(detail::trace_format<detail::type_identity_t<Args>...> format, Args... args)
{
	static_assert(sizeof...(Args) <= detail::trace_vprintk_max_args,
		      "rex::trace: at most 12 arguments (bpf_trace_vprintk's limit)");
	static_assert((detail::is_integer_like<Args> && ...),
		      "rex::trace: the arguments must be integers or enums");
	if constexpr (sizeof...(Args) <= detail::trace_printk_max_args) {
		u64 values[detail::trace_printk_max_args] = {detail::to_u64(args)...};
		return detail::kernel_call<detail::bpf_trace_printk>(format.text, format.size, values[0], values[1],
								     values[2]);
	} else {
		u64 values[] = {detail::to_u64(args)...};
		return detail::kernel_call<detail::bpf_trace_vprintk>(format.text, format.size,
								      static_cast<const void *>(values),
								      u32{sizeof(values)});
	}
}

} // namespace rex
