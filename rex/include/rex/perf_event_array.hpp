/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Records to user space through perf's per-CPU buffers
 * (BPF_MAP_TYPE_PERF_EVENT_ARRAY), the older way to stream events; a
 * ring_buffer is simpler and usually faster, this is for consumers that
 * read perf buffers (perf, bcc, libbpf's perf_buffer):
 *
 *	struct event {
 *		rex::u32 pid;
 *		rex::u64 time;
 *	};
 *	REX_MAP(events, rex::perf_event_array<64>);     // up to 64 CPUs
 *
 *	u32 on_call(rex::kprobe_ctx &ctx)
 *	{
 *		(void)events.output(ctx, event{rex::current_pid(), rex::ktime_get_ns()});
 *		return 0;
 *	}
 *
 * The record goes to the buffer of the CPU the program runs on; user space
 * must have opened a perf event (PERF_COUNT_SW_BPF_OUTPUT) for that CPU and
 * stored its fd at the CPU's index, or output() fails with error::no_entry.
 */

#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/map.hpp>
#include <rex/result.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/* One slot per CPU, for CPUs 0..Cpus-1: at least the number of possible CPUs. */
template <u32 Cpus>
class perf_event_array : detail::map_base {
	static_assert(Cpus > 0, "rex::perf_event_array<Cpus>: Cpus must be at least 1 (one slot per CPU)");

public:
	/* Keys and values are 4 bytes: a CPU index and a perf event fd, as the kernel requires. */
	template <usize L>
	constexpr explicit perf_event_array(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_PERF_EVENT_ARRAY, sizeof(u32), sizeof(u32), Cpus, 0)
	{
	}

	/*
	 * Sends a copy of value to this CPU's buffer.  ctx is the program's
	 * context (any program type).  Fails with error::no_entry when no
	 * perf event is open for this CPU, error::too_big when the CPU's index
	 * is Cpus or more, error::no_space when the buffer is full.
	 */
	template <typename Ctx, typename T>
	result<void> output(const Ctx &ctx, const T &value) const
	{
		static_assert(detail::program_context<Ctx>,
			      "rex::perf_event_array::output(ctx, value): ctx must be the program's context "
			      "(the parameter of the program's function)");
		static_assert(is_plain_data<T>,
			      "rex::perf_event_array::output(ctx, value): value must be plain data (trivially "
			      "copyable, standard layout, no pointers or references): user space reads it as bytes");
		static_assert(sizeof(T) > 0 && sizeof(T) <= 65000,
			      "rex::perf_event_array::output(ctx, value): a perf record holds at most about 64 KiB; "
			      "send a smaller value, or use a ring_buffer");
		return detail::errno_status(detail::kernel_call<detail::bpf_perf_event_output>(
			detail::context_access::raw(ctx), kernel_map(), u64{BPF_F_CURRENT_CPU},
			static_cast<const void *>(&value), u64{sizeof(T)}));
	}
};

} // namespace rex
