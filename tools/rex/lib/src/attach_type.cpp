// SPDX-License-Identifier: GPL-2.0
#include <librex/attach_type.h>

#include <linux/bpf.h>

#include <array>
#include <string_view>

namespace rex {

namespace {

/* Indexed by value, written by number as in prog_type.cpp (kernel ABI). */
constexpr std::array<std::string_view, 57> attach_type_names = {
	"cgroup_inet_ingress",            /*  0 */
	"cgroup_inet_egress",             /*  1 */
	"cgroup_inet_sock_create",        /*  2 */
	"cgroup_sock_ops",                /*  3 */
	"sk_skb_stream_parser",           /*  4 */
	"sk_skb_stream_verdict",          /*  5 */
	"cgroup_device",                  /*  6 */
	"sk_msg_verdict",                 /*  7 */
	"cgroup_inet4_bind",              /*  8 */
	"cgroup_inet6_bind",              /*  9 */
	"cgroup_inet4_connect",           /* 10 */
	"cgroup_inet6_connect",           /* 11 */
	"cgroup_inet4_post_bind",         /* 12 */
	"cgroup_inet6_post_bind",         /* 13 */
	"cgroup_udp4_sendmsg",            /* 14 */
	"cgroup_udp6_sendmsg",            /* 15 */
	"lirc_mode2",                     /* 16 */
	"flow_dissector",                 /* 17 */
	"cgroup_sysctl",                  /* 18 */
	"cgroup_udp4_recvmsg",            /* 19 */
	"cgroup_udp6_recvmsg",            /* 20 */
	"cgroup_getsockopt",              /* 21 */
	"cgroup_setsockopt",              /* 22 */
	"trace_raw_tp",                   /* 23 */
	"trace_fentry",                   /* 24 */
	"trace_fexit",                    /* 25 */
	"modify_return",                  /* 26 */
	"lsm_mac",                        /* 27 */
	"trace_iter",                     /* 28 */
	"cgroup_inet4_getpeername",       /* 29 */
	"cgroup_inet6_getpeername",       /* 30 */
	"cgroup_inet4_getsockname",       /* 31 */
	"cgroup_inet6_getsockname",       /* 32 */
	"xdp_devmap",                     /* 33 */
	"cgroup_inet_sock_release",       /* 34 */
	"xdp_cpumap",                     /* 35 */
	"sk_lookup",                      /* 36 */
	"xdp",                            /* 37 */
	"sk_skb_verdict",                 /* 38 */
	"sk_reuseport_select",            /* 39 */
	"sk_reuseport_select_or_migrate", /* 40 */
	"perf_event",                     /* 41 */
	"trace_kprobe_multi",             /* 42 */
	"lsm_cgroup",                     /* 43 */
	"struct_ops",                     /* 44 */
	"netfilter",                      /* 45 */
	"tcx_ingress",                    /* 46 */
	"tcx_egress",                     /* 47 */
	"trace_uprobe_multi",             /* 48 */
	"cgroup_unix_connect",            /* 49 */
	"cgroup_unix_sendmsg",            /* 50 */
	"cgroup_unix_recvmsg",            /* 51 */
	"cgroup_unix_getpeername",        /* 52 */
	"cgroup_unix_getsockname",        /* 53 */
	"netkit_primary",                 /* 54 */
	"netkit_peer",                    /* 55 */
	"trace_kprobe_session",           /* 56 */
};

static_assert(BPF_TRACE_RAW_TP == 23, "attach_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_XDP == 37, "attach_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_PERF_EVENT == 41, "attach_type_names is out of step with <linux/bpf.h>");

/* Program types whose load ignores expected_attach_type = 0. */
bool ignores_attach_type(std::uint32_t prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
		return true;
	default:
		return false;
	}
}

} // namespace

std::string attach_type_name(std::uint32_t type)
{
	if (type < attach_type_names.size())
		return std::string(attach_type_names[type]);
	return "attach:" + std::to_string(type);
}

std::optional<std::string> expected_attach_type_name(std::uint32_t prog_type, std::uint32_t attach_type)
{
	if (attach_type == 0 && ignores_attach_type(prog_type))
		return std::nullopt;
	return attach_type_name(attach_type);
}

} // namespace rex
