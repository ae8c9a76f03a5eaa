// SPDX-License-Identifier: GPL-2.0
#include <librex/map_type.h>

#include <linux/bpf.h>

#include <array>
#include <string_view>

namespace rex {

namespace {

/* Indexed by value, written by number as in prog_type.cpp (kernel ABI). */
constexpr std::array<std::string_view, 34> map_type_names = {
	"unspec",                /*  0 */
	"hash",                  /*  1 */
	"array",                 /*  2 */
	"prog_array",            /*  3 */
	"perf_event_array",      /*  4 */
	"percpu_hash",           /*  5 */
	"percpu_array",          /*  6 */
	"stack_trace",           /*  7 */
	"cgroup_array",          /*  8 */
	"lru_hash",              /*  9 */
	"lru_percpu_hash",       /* 10 */
	"lpm_trie",              /* 11 */
	"array_of_maps",         /* 12 */
	"hash_of_maps",          /* 13 */
	"devmap",                /* 14 */
	"sockmap",               /* 15 */
	"cpumap",                /* 16 */
	"xskmap",                /* 17 */
	"sockhash",              /* 18 */
	"cgroup_storage",        /* 19 */
	"reuseport_sockarray",   /* 20 */
	"percpu_cgroup_storage", /* 21 */
	"queue",                 /* 22 */
	"stack",                 /* 23 */
	"sk_storage",            /* 24 */
	"devmap_hash",           /* 25 */
	"struct_ops",            /* 26 */
	"ringbuf",               /* 27 */
	"inode_storage",         /* 28 */
	"task_storage",          /* 29 */
	"bloom_filter",          /* 30 */
	"user_ringbuf",          /* 31 */
	"cgrp_storage",          /* 32 */
	"arena",                 /* 33 */
};

static_assert(BPF_MAP_TYPE_HASH == 1, "map_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_MAP_TYPE_LPM_TRIE == 11, "map_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_MAP_TYPE_QUEUE == 22, "map_type_names is out of step with <linux/bpf.h>");
static_assert(BPF_MAP_TYPE_RINGBUF == 27, "map_type_names is out of step with <linux/bpf.h>");

} // namespace

std::string map_type_name(std::uint32_t type)
{
	if (type < map_type_names.size())
		return std::string(map_type_names[type]);
	return "type:" + std::to_string(type);
}

} // namespace rex
