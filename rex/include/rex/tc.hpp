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
 * kernel's configuration: its fields (length, protocol, mark, ...) are read
 * through the offsets the kernel exports (rex/kernel_layout.hpp), and
 * packet bytes are copied in and out with helpers.  There is no packet
 * span: a helper that writes the packet may move it (bpf_skb_store_bytes
 * may reallocate the head), which would leave a span pointing at freed
 * memory; eBPF's verifier invalidates packet pointers there instead.
 *
 *	rex::tc_action mark_ipv4(rex::tc_ctx &ctx)
 *	{
 *		if (ctx.protocol() == 0x0800)
 *			ctx.set_mark(ctx.mark() | 1);
 *		return rex::tc_action::ok;
 *	}
 */

#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/kernel_layout.hpp>
#include <rex/optional.hpp>
#include <rex/result.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

namespace rex::detail {
extern "C" {
long bpf_skb_store_bytes(void *skb, u32 offset, const void *from, u32 len, u64 flags);
long bpf_clone_redirect(void *skb, u32 ifindex, u64 flags);
}
} // namespace rex::detail

namespace rex {

/* Where redirect() and clone_redirect() send the packet on the device. */
enum class redirect_to : u64 {
	egress = 0,                /* out of the device */
	ingress = BPF_F_INGRESS,   /* in, as if the device had received it */
};

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

class tc_ctx : detail::holds_address {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_SCHED_CLS;
	static constexpr u32 bpf_attach_type = 0;

	/* Bytes in the packet (skb->len), including any outside the linear part. */
	u32 len() const { return field<u32>(layout().skb_len); }
	/* The EtherType in host order (skb->protocol is big-endian): 0x0800 for IPv4. */
	u16 protocol() const { return __builtin_bswap16(field<u16>(layout().skb_protocol)); }
	/* The packet's mark (skb->mark), which later hooks and routing rules see. */
	u32 mark() const { return field<u32>(layout().skb_mark); }
	void set_mark(u32 mark) { detail::set_kernel_field(skb_, layout().skb_mark, mark); }
	/* Its queueing priority (skb->priority). */
	u32 priority() const { return field<u32>(layout().skb_priority); }
	void set_priority(u32 priority) { detail::set_kernel_field(skb_, layout().skb_priority, priority); }
	/* The flow hash (skb->hash) if the stack computed one, else 0. */
	u32 hash() const { return field<u32>(layout().skb_hash); }
	/* The transmit or receive queue (skb->queue_mapping). */
	u16 queue_mapping() const { return field<u16>(layout().skb_queue_mapping); }
	/* The ifindex of the device the packet arrived on (skb->skb_iif). */
	u32 ingress_ifindex() const { return field<u32>(layout().skb_iif); }
	/* The ifindex of the device the packet is on now (skb->dev), 0 if none. */
	u32 ifindex() const
	{
		const void *dev = field<const void *>(layout().skb_dev);
		return dev ? detail::kernel_field<u32>(dev, layout().netdev_ifindex) : 0;
	}
	/*
	 * The packet's timestamp in ns (skb->tstamp), 0 if it has none. Read
	 * raw: at ingress it may be a delivery time (skb->tstamp_type), which
	 * eBPF's __sk_buff.tstamp hides unless the program reads tstamp_type.
	 */
	u64 tstamp() const { return field<u64>(layout().skb_tstamp); }
	/* Whether the packet carries a VLAN tag the device took off, and its fields. */
	bool vlan_present() const { return vlan_tci() != 0 || field<u16>(layout().skb_vlan_proto) != 0; }
	u16 vlan_tci() const { return field<u16>(layout().skb_vlan_tci); }
	/* The tag's protocol in host order: 0x8100 (802.1Q) or 0x88a8 (802.1ad). */
	u16 vlan_proto() const { return __builtin_bswap16(field<u16>(layout().skb_vlan_proto)); }
	/* The traffic-control index (skb->tc_index), 0 without CONFIG_NET_SCHED. */
	u16 tc_index() const
	{
		u32 offset = layout().skb_tc_index;
		return offset == REX_LAYOUT_ABSENT ? 0 : field<u16>(offset);
	}

	/*
	 * Word I of the five 32-bit words (__sk_buff.cb) that TC programs
	 * attached to the same hook pass to each other.
	 */
	template <u32 I>
	u32 cb() const
	{
		static_assert(I < 5, "rex::tc_ctx::cb<I>: there are 5 words, cb<0> to cb<4>");
		return field<u32>(layout().skb_cb_data + 4 * I);
	}
	template <u32 I>
	void set_cb(u32 value)
	{
		static_assert(I < 5, "rex::tc_ctx::set_cb<I>: there are 5 words, cb<0> to cb<4>");
		detail::set_kernel_field(skb_, layout().skb_cb_data + 4 * I, value);
	}

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

	/*
	 * Copies to.size() packet bytes from byte offset on into to (a map
	 * value, say, for more than a stack copy would hold).  error::fault if
	 * the packet has fewer, and to is then zeroed; error::invalid if to
	 * is empty or of 64 KiB or more (larger than any packet).
	 */
	result<void> load_bytes(u32 offset, span<u8> to) const
	{
		if (to.empty() || to.size() > 65535)
			return error::invalid;
		return detail::errno_status(detail::kernel_call<detail::bpf_skb_load_bytes>(
			skb_, offset, static_cast<void *>(to.begin()), static_cast<u32>(to.size())));
	}

	/*
	 * Writes the plain-data T at byte offset of the packet (the kernel
	 * unshares the packet first if need be); error::fault if the packet
	 * is shorter, error::invalid for a bad offset.
	 */
	template <typename T>
	result<void> store(u32 offset, const T &value)
	{
		static_assert(is_plain_data<T>,
			      "rex::tc_ctx::store<T>: T must be plain data (trivially copyable, "
			      "standard layout, no pointers): it is copied into packet bytes");
		return detail::errno_status(detail::kernel_call<detail::bpf_skb_store_bytes>(
			skb_, offset, static_cast<const void *>(&value), u32{sizeof(T)}, u64{0}));
	}

	/*
	 * Sends the packet to device ifindex instead, when the program returns
	 * what this returns (tc_action::redirect; tc_action::shot if the kernel
	 * refused the flags):
	 *
	 *	return ctx.redirect(peer_ifindex);
	 */
	tc_action redirect(u32 ifindex, redirect_to where = redirect_to::egress)
	{
		return static_cast<tc_action>(
			detail::kernel_call<detail::bpf_redirect>(ifindex, static_cast<u64>(where)));
	}

	/* Sends a copy of the packet to device ifindex now; the original goes on. */
	result<void> clone_redirect(u32 ifindex, redirect_to where = redirect_to::egress)
	{
		return detail::errno_status(
			detail::kernel_call<detail::bpf_clone_redirect>(skb_, ifindex, static_cast<u64>(where)));
	}

private:
	friend detail::context_access;
	explicit tc_ctx(void *raw) : skb_(raw) {}
	void *raw() const { return skb_; }
	static const rex_kernel_layout &layout() { return detail::rex_kernel_layout; }
	template <typename T>
	T field(u32 offset) const
	{
		return detail::kernel_field<T>(skb_, offset);
	}

	void *skb_; /* struct sk_buff * */
};

} // namespace rex
