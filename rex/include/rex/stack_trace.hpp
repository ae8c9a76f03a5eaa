/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Call stacks: stored by the kernel and named by a stack id
 * (BPF_MAP_TYPE_STACK_TRACE), e.g. to count where a function is called
 * from:
 *
 *	REX_MAP(stacks, rex::stack_trace_map<32, 1024>);   // 32 frames, 1024 stacks
 *	REX_MAP(hits, rex::hash_map<rex::u32, rex::u64, 1024>);
 *
 *	u32 on_call(rex::kprobe_ctx &ctx)
 *	{
 *		if (auto id = stacks.get_stackid(ctx)) {
 *			if (auto n = hits.lookup(*id))
 *				rex::atomic_add(*n, 1);
 *			else
 *				(void)hits.update(*id, 1);  // full: not counted
 *		}
 *		return 0;
 *	}
 *
 * User space reads the frames (return addresses, 0 after the last) with
 * `rex map dump <pin dir>/stacks` and symbolizes them; programs only get
 * the ids.
 * A program that wants the frames themselves copies them with
 * rex::get_stack.  Both are available to kprobe, tracepoint and perf_event
 * programs.
 */

#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/map.hpp>
#include <rex/result.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex::detail {

/* The program types whose get_func_proto offers bpf_get_stackid and bpf_get_stack. */
template <typename Ctx>
concept stack_walking_context = program_context<Ctx> && (Ctx::bpf_prog_type == BPF_PROG_TYPE_KPROBE ||
							 Ctx::bpf_prog_type == BPF_PROG_TYPE_TRACEPOINT ||
							 Ctx::bpf_prog_type == BPF_PROG_TYPE_PERF_EVENT);

} // namespace rex::detail

namespace rex {

/* Which stack get_stackid walks, and how it stores it; combine with |. */
enum class stack_flags : u64 {
	kernel = 0,                        /* the kernel stack (the default) */
	user = BPF_F_USER_STACK,           /* the user stack of the current task */
	fast_compare = BPF_F_FAST_STACK_CMP, /* compare stacks by hash only */
	reuse_id = BPF_F_REUSE_STACKID,    /* on a hash collision, replace the old stack */
};

constexpr stack_flags operator|(stack_flags a, stack_flags b)
{
	return static_cast<stack_flags>(static_cast<u64>(a) | static_cast<u64>(b));
}

/* Up to N stacks of at most Depth frames each (8-byte addresses). */
template <u32 Depth, u32 N>
class stack_trace_map : detail::map_base {
	static_assert(Depth >= 1 && Depth <= 127,
		      "rex::stack_trace_map<Depth, N>: Depth must be 1 to 127 frames (the kernel's "
		      "default kernel.perf_event_max_stack)");
	static_assert(N > 0, "rex::stack_trace_map<Depth, N>: N must be at least 1");

public:
	/* Keys are stack ids (u32); each value is Depth 8-byte frames, as the kernel requires. */
	template <usize L>
	constexpr explicit stack_trace_map(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_STACK_TRACE, sizeof(u32), 8 * Depth, N, 0)
	{
	}

	/*
	 * Stores the current stack (skipping its innermost skip frames) and
	 * returns its id.  Fails with error::exists when another stack has
	 * the same hash (unless stack_flags::reuse_id), error::fault when the
	 * stack cannot be walked.
	 */
	template <typename Ctx>
	result<u32> get_stackid(const Ctx &ctx, stack_flags flags = stack_flags::kernel, u8 skip = 0) const
	{
		static_assert(detail::program_context<Ctx>,
			      "rex::stack_trace_map::get_stackid(ctx): ctx must be the program's context "
			      "(the parameter of the program's function)");
		static_assert(detail::stack_walking_context<Ctx>,
			      "rex::stack_trace_map::get_stackid(ctx): only kprobe, tracepoint and perf_event "
			      "programs can take stack ids (the kernel offers bpf_get_stackid to no others)");
		long id = detail::kernel_call<detail::bpf_get_stackid>(detail::context_access::raw(ctx), kernel_map(),
								      static_cast<u64>(flags) | skip);
		return detail::errno_value<u32>(id);
	}
};

/*
 * Which stack get_stack copies.  (The stack map's other flags, which say
 * how get_stackid stores a stack, do not apply: the kernel refuses them.)
 */
enum class stack_kind : u64 {
	kernel = 0,              /* the kernel stack (the default) */
	user = BPF_F_USER_STACK, /* the user stack of the current task */
};

/*
 * Copies the current stack's return addresses, innermost first and less
 * its innermost skip frames, into frames, and returns how many it copied;
 * the elements after them are zeroed.  A stack deeper than frames (or
 * than the kernel.perf_event_max_stack sysctl, 127 by default) is cut
 * off at its outermost end.  Fails with error::fault when the stack
 * cannot be walked or has fewer than skip frames, with frames all zeroed.
 *
 *	rex::array<rex::u64, 16> frames{};
 *	if (auto n = rex::get_stack(ctx, frames.as_span()))
 *		rex::trace("%lu frames, innermost %llx\n", *n, frames[0]);
 *
 * For a count of where a function is called from, stack_trace_map's ids
 * are cheaper: the kernel stores each distinct stack once.
 */
template <typename Ctx>
result<usize> get_stack(const Ctx &ctx, span<u64> frames, stack_kind kind = stack_kind::kernel, u8 skip = 0)
{
	static_assert(detail::program_context<Ctx>,
		      "rex::get_stack(ctx, frames): ctx must be the program's context "
		      "(the parameter of the program's function)");
	static_assert(detail::stack_walking_context<Ctx>,
		      "rex::get_stack(ctx, frames): only kprobe, tracepoint and perf_event programs "
		      "can walk the stack (the kernel offers bpf_get_stack to no others)");
	/* The helper's size is a u32; no stack is anywhere near that deep. */
	constexpr usize max_frames = 0xffffffffu / sizeof(u64);
	usize count = frames.size() < max_frames ? frames.size() : max_frames;
	long bytes = detail::kernel_call<detail::bpf_get_stack>(detail::context_access::raw(ctx),
								static_cast<void *>(frames.begin()),
								static_cast<u32>(count * sizeof(u64)),
								static_cast<u64>(kind) | skip);
	REX_TRY(detail::errno_status(bytes));
	return static_cast<usize>(bytes) / sizeof(u64);
}

} // namespace rex
