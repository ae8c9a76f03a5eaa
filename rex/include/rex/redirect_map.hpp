/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Maps an XDP program redirects packets through (bpf_redirect_map):
 *
 *	REX_MAP(ports, rex::dev_map<4>);	// slot -> ifindex, set by user space
 *
 *	rex::xdp_action forward(rex::xdp_ctx &ctx)
 *	{
 *		return ports.redirect(ctx, 0, rex::redirect_fallback::pass);
 *	}
 *
 * A dev_map (BPF_MAP_TYPE_DEVMAP) holds, in each slot, the ifindex of a
 * device to transmit the packet on; the device must be able to send XDP
 * frames (ndo_xdp_xmit: veth, and many physical drivers).  A cpu_map
 * (BPF_MAP_TYPE_CPUMAP) holds, in the slot of each CPU, the size of a
 * queue; the packet goes on to the network stack on that CPU, from a
 * kernel thread the map starts when the slot is set.  User space fills the
 * slots (rex map update PINNED SLOT VALUE); creating either map needs
 * CAP_NET_ADMIN.
 *
 * redirect() returns xdp_action::redirect when the slot holds a target,
 * and the program returns that for the packet to go there (the kernel
 * sends it after the program returns); when the slot is empty or out of
 * range it returns fallback, the action to take instead.  A test run
 * (BPF_PROG_TEST_RUN) sends nothing unless it runs in live-frame mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES).
 */

#include <rex/helpers.hpp>
#include <rex/map.hpp>
#include <rex/types.hpp>
#include <rex/xdp.hpp>

#include <linux/bpf.h>

namespace rex {

/* What redirect() returns when the slot holds no target: the actions the kernel allows there. */
enum class redirect_fallback : u64 {
	aborted = XDP_ABORTED,
	drop = XDP_DROP,
	pass = XDP_PASS,
	tx = XDP_TX,
};

namespace detail {

/*
 * dev_map and cpu_map: u32 slots of u32 values.  flags as the map has them
 * once created, which the load checks: the kernel sets BPF_F_RDONLY_PROG
 * on every devmap (kernel/bpf/devmap.c), not on a cpumap.
 */
class redirect_map_base : protected map_base {
protected:
	template <usize L>
	constexpr redirect_map_base(const char (&name)[L], u32 type, u32 max_entries, u32 flags)
		: map_base(name, type, sizeof(u32), sizeof(u32), max_entries, flags)
	{
	}

	xdp_action redirect_to(u32 slot, redirect_fallback fallback) const
	{
		/* The fallback is the low two bits of flags (BPF_F_ACTION_MASK); no other flag is set. */
		return static_cast<xdp_action>(
			kernel_call<bpf_redirect_map>(kernel_map(), u64{slot}, static_cast<u64>(fallback)));
	}
};

} // namespace detail

/* N slots, each the ifindex of a device to send packets out of. */
template <u32 N>
class dev_map : detail::redirect_map_base {
	static_assert(N > 0, "rex::dev_map<N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit dev_map(const char (&name)[L]) : redirect_map_base(name, BPF_MAP_TYPE_DEVMAP, N, BPF_F_RDONLY_PROG)
	{
	}

	/*
	 * Sends the packet out of the device in slot (when the program returns
	 * what this returns: xdp_action::redirect), or returns fallback.  The
	 * context says that only XDP programs redirect.
	 */
	xdp_action redirect(const xdp_ctx &, u32 slot,
			    redirect_fallback fallback = redirect_fallback::aborted) const
	{
		return redirect_to(slot, fallback);
	}
};

/* One slot for each of CPUs 0..N-1 (at most the kernel's NR_CPUS), holding a queue size. */
template <u32 N>
class cpu_map : detail::redirect_map_base {
	static_assert(N > 0, "rex::cpu_map<N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit cpu_map(const char (&name)[L]) : redirect_map_base(name, BPF_MAP_TYPE_CPUMAP, N, 0)
	{
	}

	/*
	 * Hands the packet to the network stack on CPU cpu (when the program
	 * returns what this returns: xdp_action::redirect), or returns
	 * fallback when that CPU's slot is not set.
	 */
	xdp_action redirect(const xdp_ctx &, u32 cpu, redirect_fallback fallback = redirect_fallback::aborted) const
	{
		return redirect_to(cpu, fallback);
	}
};

} // namespace rex
