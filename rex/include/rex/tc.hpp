/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * TC classifier programs (BPF_PROG_TYPE_SCHED_CLS): run on packets entering
 * or leaving a device, attached with tc (direct action) or tcx.
 *
 *	rex::tc_action count(rex::tc_ctx &ctx) { ... return rex::tc_action::ok; }
 *	REX_PROGRAM(tc_count, count);
 *
 * The context is the kernel's struct sk_buff, whose layout depends on the
 * kernel's configuration, so packet bytes are read through a helper.
 */

#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/optional.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

namespace rex {

/* What happens to the packet: the program's return value (TC_ACT_*). */
enum class tc_action : s32 {
	unspec = TC_ACT_UNSPEC,
	ok = TC_ACT_OK,
	reclassify = TC_ACT_RECLASSIFY,
	shot = TC_ACT_SHOT,
	pipe = TC_ACT_PIPE,
	stolen = TC_ACT_STOLEN,
	redirect = TC_ACT_REDIRECT,
};

class tc_ctx {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_SCHED_CLS;
	static constexpr u32 bpf_attach_type = 0;

	/* A copy of the plain-data T at byte offset of the packet, or nothing. */
	template <typename T>
	optional<T> load(u32 offset) const
	{
		static_assert(is_plain_data<T>,
			      "rex::tc_ctx::load<T>: T must be plain data (trivially copyable, "
			      "standard layout, no pointers): it is copied from packet bytes");
		T value;
		if (detail::kernel_call<detail::bpf_skb_load_bytes>(skb_, offset, &value, u32{sizeof(T)}) != 0)
			return nullopt;
		return value;
	}

private:
	friend detail::context_access;
	explicit tc_ctx(void *raw) : skb_(raw) {}
	void *raw() const { return skb_; }

	void *skb_; /* struct sk_buff * */
};

} // namespace rex
