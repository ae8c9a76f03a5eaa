// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct rex_kernel_layout: where this kernel keeps the fields the support
 * layer reads for a program (packet metadata of TC and XDP contexts, the
 * perf sample, a task's name). Programs import it by name and read the
 * offsets at run time, one load each: the same image works whatever the
 * configuration does to these structures, as the verifier's rewriting of
 * context accesses does for eBPF.
 */

#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <net/sch_generic.h>
#include <net/xdp.h>

#include "internal.h"

const struct rex_kernel_layout rex_kernel_layout = {
	.size = sizeof(struct rex_kernel_layout),
	.skb_len = offsetof(struct sk_buff, len),
	.skb_protocol = offsetof(struct sk_buff, protocol),
	.skb_mark = offsetof(struct sk_buff, mark),
	.skb_priority = offsetof(struct sk_buff, priority),
	.skb_hash = offsetof(struct sk_buff, hash),
	.skb_queue_mapping = offsetof(struct sk_buff, queue_mapping),
	.skb_iif = offsetof(struct sk_buff, skb_iif),
	.skb_dev = offsetof(struct sk_buff, dev),
	.netdev_ifindex = offsetof(struct net_device, ifindex),
	.xdp_rxq = offsetof(struct xdp_buff, rxq),
	.rxq_dev = offsetof(struct xdp_rxq_info, dev),
	.rxq_queue_index = offsetof(struct xdp_rxq_info, queue_index),
	.perf_data = offsetof(struct bpf_perf_event_data_kern, data),
	.sample_period = offsetof(struct perf_sample_data, period),
	.sample_addr = offsetof(struct perf_sample_data, addr),
	.task_comm = offsetof(struct task_struct, comm),
	.skb_tstamp = offsetof(struct sk_buff, tstamp),
	.skb_vlan_proto = offsetof(struct sk_buff, vlan_proto),
	.skb_vlan_tci = offsetof(struct sk_buff, vlan_tci),
#ifdef CONFIG_NET_SCHED
	.skb_tc_index = offsetof(struct sk_buff, tc_index),
#else
	.skb_tc_index = REX_LAYOUT_ABSENT,
#endif
	/* eBPF's __sk_buff.cb[] is the qdisc control block's data */
	.skb_cb_data = offsetof(struct sk_buff, cb) + offsetof(struct qdisc_skb_cb, data),
	.perf_regs = offsetof(struct bpf_perf_event_data_kern, regs),
};

/* The sizes the support layer reads the fields with. */
static_assert(sizeof_field(struct sk_buff, len) == 4 &&
	      sizeof_field(struct sk_buff, protocol) == 2 &&
	      sizeof_field(struct sk_buff, mark) == 4 &&
	      sizeof_field(struct sk_buff, priority) == 4 &&
	      sizeof_field(struct sk_buff, hash) == 4 &&
	      sizeof_field(struct sk_buff, queue_mapping) == 2 &&
	      sizeof_field(struct sk_buff, skb_iif) == 4 &&
	      sizeof_field(struct net_device, ifindex) == 4 &&
	      sizeof_field(struct xdp_rxq_info, queue_index) == 4 &&
	      sizeof_field(struct perf_sample_data, period) == 8 &&
	      sizeof_field(struct perf_sample_data, addr) == 8 &&
	      sizeof_field(struct task_struct, comm) == 16 &&
	      sizeof_field(struct sk_buff, tstamp) == 8 &&
	      sizeof_field(struct sk_buff, vlan_proto) == 2 &&
	      sizeof_field(struct sk_buff, vlan_tci) == 2 &&
#ifdef CONFIG_NET_SCHED
	      sizeof_field(struct sk_buff, tc_index) == 2 &&
#endif
	      sizeof_field(struct qdisc_skb_cb, data) == 20);
