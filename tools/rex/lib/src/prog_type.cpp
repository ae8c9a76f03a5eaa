// SPDX-License-Identifier: GPL-2.0
#include <librex/prog_type.h>

#include <linux/bpf.h>

#include <array>
#include <string_view>

namespace rex {

namespace {

/*
 * Indexed by the enum bpf_prog_type value.  The values are kernel ABI and
 * never change, so the table is written by number: that way it also names
 * types newer than the UAPI headers of the build host (e.g. netfilter is
 * missing from Debian 12's headers).  The static_asserts below tie the
 * numbering to whatever <linux/bpf.h> this build uses.
 */
constexpr std::array<std::string_view, 33> prog_type_names = {
	"unspec",                  /*  0 */
	"socket_filter",           /*  1 */
	"kprobe",                  /*  2 */
	"sched_cls",               /*  3 */
	"sched_act",               /*  4 */
	"tracepoint",              /*  5 */
	"xdp",                     /*  6 */
	"perf_event",              /*  7 */
	"cgroup_skb",              /*  8 */
	"cgroup_sock",             /*  9 */
	"lwt_in",                  /* 10 */
	"lwt_out",                 /* 11 */
	"lwt_xmit",                /* 12 */
	"sock_ops",                /* 13 */
	"sk_skb",                  /* 14 */
	"cgroup_device",           /* 15 */
	"sk_msg",                  /* 16 */
	"raw_tracepoint",          /* 17 */
	"cgroup_sock_addr",        /* 18 */
	"lwt_seg6local",           /* 19 */
	"lirc_mode2",              /* 20 */
	"sk_reuseport",            /* 21 */
	"flow_dissector",          /* 22 */
	"cgroup_sysctl",           /* 23 */
	"raw_tracepoint_writable", /* 24 */
	"cgroup_sockopt",          /* 25 */
	"tracing",                 /* 26 */
	"struct_ops",              /* 27 */
	"ext",                     /* 28 */
	"lsm",                     /* 29 */
	"sk_lookup",               /* 30 */
	"syscall",                 /* 31 */
	"netfilter",               /* 32 */
};

static_assert(BPF_PROG_TYPE_SOCKET_FILTER == 1, "prog_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_PROG_TYPE_XDP == 6, "prog_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_PROG_TYPE_PERF_EVENT == 7, "prog_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_PROG_TYPE_TRACING == 26, "prog_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_PROG_TYPE_SYSCALL == 31, "prog_type_names is out of step with <linux/bpf.h>");

} // namespace

std::string prog_type_name(std::uint32_t type)
{
	if (type < prog_type_names.size())
		return std::string(prog_type_names[type]);
	return "type:" + std::to_string(type);
}

} // namespace rex
