/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * XDP programs (BPF_PROG_TYPE_XDP): run on each received packet, before
 * the kernel allocates an sk_buff for it.
 *
 *	rex::xdp_action count(rex::xdp_ctx &ctx) { ... return rex::xdp_action::pass; }
 *	REX_PROGRAM(xdp_count, count);
 */

#include <rex/kernel_layout.hpp>
#include <rex/context.hpp>
#include <rex/helpers.hpp>
#include <rex/result.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/* What happens to the packet: the program's return value. */
enum class xdp_action : u32 {
	aborted = XDP_ABORTED,
	drop = XDP_DROP,
	pass = XDP_PASS,
	tx = XDP_TX,
	redirect = XDP_REDIRECT,
};

namespace detail {

/*
 * The head of the kernel's struct xdp_buff (include/net/xdp.h, Linux 6.12):
 * the packet is [data, data_end).
 */
struct xdp_buff_head {
	u8 *data;
	u8 *data_end;
	u8 *data_meta;
	u8 *data_hard_start;
};
static_assert(__builtin_offsetof(xdp_buff_head, data_end) == 8 &&
		      __builtin_offsetof(xdp_buff_head, data_hard_start) == 24,
	      "struct xdp_buff layout of Linux 6.12");

} // namespace detail

class xdp_ctx : detail::holds_address {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_XDP;
	static constexpr u32 bpf_attach_type = 0;

	/*
	 * The packet, from the Ethernet header on; writable in place.  Each
	 * call reads the packet's current bounds.
	 */
	span<u8> packet() const
	{
		return detail::make_span(buff_->data, static_cast<usize>(buff_->data_end - buff_->data));
	}

	/* The packet's length in bytes. */
	u32 size() const { return static_cast<u32>(buff_->data_end - buff_->data); }

	/* The ifindex of the device the packet arrived on (xdp_md.ingress_ifindex). */
	u32 ifindex() const
	{
		const rex_kernel_layout &layout = detail::rex_kernel_layout;
		const void *dev = detail::kernel_field<const void *>(rxq(), layout.rxq_dev);
		return detail::kernel_field<u32>(dev, layout.netdev_ifindex);
	}
	/* The device's receive queue it arrived on (xdp_md.rx_queue_index). */
	u32 rx_queue_index() const
	{
		return detail::kernel_field<u32>(rxq(), detail::rex_kernel_layout.rxq_queue_index);
	}

	/*
	 * Moves the start of the packet by delta bytes: a negative delta
	 * makes room for a header in front (encapsulation), a positive one
	 * strips bytes (decapsulation).  Returns the new packet, or
	 * error::invalid if the headroom or the packet is too small.
	 *
	 *	auto packet = ctx.adjust_head(-4);
	 *	if (!packet)
	 *		return rex::xdp_action::drop;
	 *	(*packet)[0] = ...;
	 *
	 * Spans taken before the adjustment still lie inside the frame's
	 * buffer, so using one is not a memory error, but it no longer
	 * describes the packet: use the span this returns, or ctx.packet().
	 */
	result<span<u8>> adjust_head(s32 delta)
	{
		REX_TRY(detail::errno_status(detail::kernel_call<detail::bpf_xdp_adjust_head>(raw(), int{delta})));
		return packet();
	}

	/*
	 * Moves the end of the packet by delta bytes: negative trims, positive
	 * grows into the tailroom (the new bytes are zeroed by the kernel).
	 * Returns the new packet, or error::invalid; as for adjust_head, take
	 * the packet again afterwards.
	 */
	result<span<u8>> adjust_tail(s32 delta)
	{
		REX_TRY(detail::errno_status(detail::kernel_call<detail::bpf_xdp_adjust_tail>(raw(), int{delta})));
		return packet();
	}

	/*
	 * Sends the packet out of device ifindex instead, when the program
	 * returns what this returns (xdp_action::redirect):
	 *
	 *	return ctx.redirect(peer_ifindex);
	 *
	 * The driver hands the packet on after the program returns: if
	 * ifindex does not exist or cannot transmit XDP frames, it is dropped
	 * then (the xdp:xdp_redirect_err tracepoint says why), not here.  A
	 * test run (BPF_PROG_TEST_RUN) sends nothing and just returns
	 * xdp_action::redirect.
	 */
	xdp_action redirect(u32 ifindex)
	{
		/* XDP's bpf_redirect takes no flags: with any, it returns XDP_ABORTED. */
		return static_cast<xdp_action>(detail::kernel_call<detail::bpf_redirect>(ifindex, u64{0}));
	}

private:
	friend detail::context_access;
	explicit xdp_ctx(void *raw) : buff_(static_cast<detail::xdp_buff_head *>(raw)) {}
	void *raw() const { return buff_; }
	/* struct xdp_rxq_info *: the receive queue the frame came from */
	const void *rxq() const { return detail::kernel_field<const void *>(buff_, detail::rex_kernel_layout.xdp_rxq); }

	detail::xdp_buff_head *buff_;
};

} // namespace rex
