/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What the program contexts (xdp_ctx, kprobe_ctx, ...) have in common.
 *
 * A context wraps the kernel's own context object, which the hook passes to
 * the program: for a native program that is the real struct (struct
 * xdp_buff, struct sk_buff, struct pt_regs, ...), not the UAPI mirror an
 * eBPF program sees.  Only the support layer makes contexts, from the
 * pointer the entry function receives; each says which BPF program type and
 * expected attach type it belongs to:
 *
 *	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_XDP;
 *	static constexpr u32 bpf_attach_type = 0;
 *
 * and gives the kernel's pointer back to context_access through a private
 * raw().
 */

#include <rex/types.hpp>

namespace rex::detail {

/*
 * The one way to make a context: from the pointer the kernel passed; and
 * the way back to that pointer, for helpers that take the context
 * (bpf_perf_event_output, bpf_get_stackid).
 */
struct context_access {
	template <typename Ctx>
	static Ctx make(void *raw)
	{
		return Ctx(raw);
	}

	template <typename Ctx>
	static void *raw(const Ctx &ctx)
	{
		return ctx.raw();
	}
};

template <typename T>
concept program_context = requires {
	T::bpf_prog_type;
	T::bpf_attach_type;
};

} // namespace rex::detail
