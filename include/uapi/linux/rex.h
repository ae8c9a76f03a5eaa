/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Rex: signed native kernel extensions -- user-space API.
 *
 * A Rex image is an ELF64 x86-64 relocatable object (ET_REL) with the
 * descriptor sections below, followed by a signature trailer in the module
 * signature wire format with REX_SIG_MARKER. It is loaded with
 * bpf(BPF_PROG_LOAD) and BPF_F_REX in prog_flags; see
 * Documentation/rex/uapi.rst and Documentation/rex/image.rst.
 */
#ifndef _UAPI_LINUX_REX_H
#define _UAPI_LINUX_REX_H

#include <linux/types.h>

/* Last bytes of a signed image. */
#define REX_SIG_MARKER		"~Rex signature appended~\n"

/* Descriptor sections. */
#define REX_SEC_PROGS		".rex.progs"
#define REX_SEC_MAPS		".rex.maps"
#define REX_SEC_META		".rex.meta"

#define REX_NAME_LEN		16	/* = BPF_OBJ_NAME_LEN, with the NUL */
#define REX_SYM_LEN		64	/* entry symbol, with the NUL */
#define REX_TARGET_LEN		64	/* attach target, with the NUL */

/* rex_prog_desc.flags */
#define REX_PROG_F_DEFAULT_RET	(1U << 0)	/* default_ret is set */
#define REX_PROG_F_KEEP_RUNNING	(1U << 1)	/* do not disable after a panic */

#ifndef __ASSEMBLY__
/* One per program, in section REX_SEC_PROGS. */
struct rex_prog_desc {
	char	name[REX_NAME_LEN];	/* BPF program name */
	char	entry[REX_SYM_LEN];	/* defined function symbol */
	char	attach_target[REX_TARGET_LEN]; /* kprobe symbol, "cat/event", or "" */
	__u32	prog_type;		/* enum bpf_prog_type */
	__u32	expected_attach_type;	/* enum bpf_attach_type */
	__s64	default_ret;		/* returned after a panic */
	__u32	flags;			/* REX_PROG_F_* */
	__u32	reserved;		/* must be 0 */
};

/*
 * One per map, in section REX_SEC_MAPS. The program refers to the map
 * through this descriptor; at load the kernel stores the bound map in
 * kptr and makes the section read-only. For a BPF_MAP_TYPE_ARRAY it also
 * stores in value_offset where element 0 is, as an offset from kptr;
 * element i is at kptr + value_offset + i * round_up(value_size, 8), so
 * the program can look elements up without calling the kernel.
 */
struct rex_map_desc {
	char	name[REX_NAME_LEN];
	__u32	map_type;		/* enum bpf_map_type */
	__u32	key_size;
	__u32	value_size;
	__u32	max_entries;
	__u32	map_flags;		/* BPF_MAP_CREATE's map_flags */
	__u32	value_offset;		/* 0 in the image; set by the kernel */
	__u64	kptr;			/* 0 in the image; set by the kernel */
	__u32	flags;			/* REX_MAP_F_* */
	__u32	reserved;		/* must be 0 */
};

/*
 * rex_map_desc.flags. REX_MAP_F_SPIN_LOCK: every value starts with a
 * struct bpf_spin_lock that the program takes (an array or hash map).
 * The map must be created with BTF that says so, a value type whose first
 * member is a struct bpf_spin_lock, so that the kernel's copies of whole
 * values (BPF_MAP_UPDATE_ELEM from user space, bpf_map_update_elem() from
 * the program) leave the lock word alone, as they do for eBPF. The kernel
 * refuses at load a map whose BTF disagrees.
 */
#define REX_MAP_F_SPIN_LOCK	(1U << 0)
#define REX_MAP_F_ALL		REX_MAP_F_SPIN_LOCK

#endif /* !__ASSEMBLY__ */

#define REX_META_MAGIC		0x31584552	/* "REX1" */
/*
 * 2: rex_map_desc.value_offset (was reserved) and the rex_kernel_layout
 * import; a kernel of version 1 would leave value_offset 0 and the
 * support layer's array lookups would miss the elements.
 * 3: rex_map_desc.flags and .reserved (the descriptor grew to 56 bytes).
 * 4: every entry begins with ENDBR64, and returns are jumps to
 * __x86_return_thunk, which the kernel patches at load; a kernel of
 * version 3 would refuse the thunk as a forbidden import.
 */
#define REX_IMAGE_VERSION	4
#define REX_STACK_DYNAMIC	0xffffffffU	/* stack_bound: checked at run time */

#ifndef __ASSEMBLY__
/* Exactly one, in section REX_SEC_META. */
struct rex_meta {
	__u32	magic;			/* REX_META_MAGIC */
	__u32	version;		/* REX_IMAGE_VERSION */
	__u32	stack_bound;		/* worst-case stack bytes, or REX_STACK_DYNAMIC */
	__u32	flags;			/* must be 0 */
	char	toolchain[32];		/* e.g. "rex 0.1.0 clang 19.1.7" */
	__u8	source_digest[32];	/* SHA-256 of the preprocessed source */
};

#endif /* !__ASSEMBLY__ */

/* bpf_attr.rex_flags (BPF_PROG_LOAD with BPF_F_REX) */
#define REX_LOAD_F_KEEP_RUNNING	(1U << 0)	/* as REX_PROG_F_KEEP_RUNNING */
#define REX_LOAD_F_ALL		REX_LOAD_F_KEEP_RUNNING

/*
 * The Rex stack. Every CPU has one of REX_STACK_SIZE bytes, aligned to its
 * size; a program may use REX_PROG_STACK_BUDGET bytes of it (the rest is
 * for helpers and the panic path). Its top bytes hold struct
 * rex_stack_top, which a program finds by rounding any address on its
 * stack up to a multiple of REX_STACK_SIZE and subtracting the size.
 */
#define REX_STACK_SIZE		65536
#define REX_PROG_STACK_BUDGET	48128	/* 47 KiB: REX_STACK_LIMIT is 16 KiB */
#define REX_FRAME_MAX		4096	/* largest frame of one function */
/*
 * The top REX_STATE_RESERVE bytes hold the runtime's per-CPU state; the
 * program's stack pointer starts below them, so a program is past its
 * budget when the low bits of its stack pointer (the stack is aligned to
 * its size) are below REX_STACK_LIMIT: the stack check's test.  The limit
 * is a power of two, so that the test is one instruction (no bit of the
 * offset at or above it is set).
 */
#define REX_STATE_RESERVE	1024
#define REX_STACK_LIMIT		(REX_STACK_SIZE - REX_STATE_RESERVE - REX_PROG_STACK_BUDGET)

#ifndef __ASSEMBLY__
struct rex_stack_top {
	/*
	 * Non-zero when the watchdog found the program past its time limit
	 * while it was inside a helper: the support layer checks it after
	 * each helper call and then calls rex_terminate().
	 */
	__u32	terminate_pending;
	__u32	reserved0;
	/*
	 * The struct bpf_spin_lock the program holds, or 0: set and cleared
	 * by rex_spin_lock and rex_spin_unlock (and the panic path, which
	 * releases it). The support layer refuses helper and runtime calls
	 * while it is set, as the verifier refuses them under a bpf_spin_lock:
	 * a helper that takes a kernel lock could deadlock against one that
	 * holds that lock and waits for this one.
	 */
	__u64	lock;
	__u32	reserved[12];
};
#endif /* !__ASSEMBLY__ */

#ifndef __ASSEMBLY__
/*
 * Where the running kernel keeps the fields of its structures that the
 * support layer reads for a program: byte offsets, as offsetof() gives
 * them for this kernel's configuration. An image reads the kernel's copy
 * through the import "rex_kernel_layout", the one import that is data, not
 * a function. Fields are only ever added at the end, with a new
 * REX_IMAGE_VERSION (an image of a version reads only the fields that
 * version has); size is the kernel's sizeof(struct rex_kernel_layout).
 */
struct rex_kernel_layout {
	__u32	size;
	/* struct sk_buff, the context of TC programs */
	__u32	skb_len;
	__u32	skb_protocol;		/* __be16 */
	__u32	skb_mark;
	__u32	skb_priority;
	__u32	skb_hash;
	__u32	skb_queue_mapping;	/* __u16 */
	__u32	skb_iif;		/* int: the ifindex it arrived on */
	__u32	skb_dev;		/* struct net_device * */
	/* struct net_device */
	__u32	netdev_ifindex;		/* int */
	/* struct xdp_buff, the context of XDP programs, and its xdp_rxq_info */
	__u32	xdp_rxq;		/* struct xdp_rxq_info * */
	__u32	rxq_dev;		/* struct net_device * */
	__u32	rxq_queue_index;	/* __u32 */
	/*
	 * struct bpf_perf_event_data_kern, the context of perf_event
	 * programs, and its perf_sample_data
	 */
	__u32	perf_data;		/* struct perf_sample_data * */
	__u32	sample_period;		/* __u64 */
	__u32	sample_addr;		/* __u64 */
	/* struct task_struct */
	__u32	task_comm;		/* char[16] */
	/* more of struct sk_buff */
	__u32	skb_tstamp;		/* ktime_t (__s64) */
	__u32	skb_vlan_proto;		/* __be16 */
	__u32	skb_vlan_tci;		/* __u16 */
	__u32	skb_tc_index;		/* __u16, or REX_LAYOUT_ABSENT */
	__u32	skb_cb_data;		/* 20 bytes: __sk_buff.cb[5] */
	/* struct bpf_perf_event_data_kern: the sampled registers */
	__u32	perf_regs;		/* struct pt_regs * */
};

/* A field this kernel's configuration leaves out (its accessor gives 0). */
#define REX_LAYOUT_ABSENT	0xffffffffU
#endif /* !__ASSEMBLY__ */

/*
 * Runtime functions an image may import besides the BPF helpers (see
 * Documentation/rex/runtime.rst). Pointers are kernel pointers.
 *
 *   void rex_panic(const char *msg, const char *file, __u32 line);  noreturn
 *   void rex_terminate(void);                                        noreturn
 *   void rex_spin_lock(struct bpf_spin_lock *lock);
 *   void rex_spin_unlock(struct bpf_spin_lock *lock);
 *   void *rex_ringbuf_reserve(struct bpf_map *map, __u64 size, __u64 flags);
 *   void rex_ringbuf_submit(void *sample, __u64 flags);
 *   void rex_ringbuf_discard(void *sample, __u64 flags);
 *   struct task_struct *rex_task_get_current(void);   takes a reference
 *   void rex_task_put(struct task_struct *task);
 *   __u64 rex_task_pid_tgid(struct task_struct *task); tgid << 32 | pid
 *   void rex_stack_exhausted(void);                   noreturn; stack check failed
 *   __ubsan_handle_{divrem_overflow,shift_out_of_bounds,out_of_bounds}[_abort]
 *   memset, memcpy, memmove
 *   rex_kernel_layout                                 data: struct rex_kernel_layout
 */

#endif /* _UAPI_LINUX_REX_H */
