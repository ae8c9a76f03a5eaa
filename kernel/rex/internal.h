/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _KERNEL_REX_INTERNAL_H
#define _KERNEL_REX_INTERNAL_H

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/init.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/rex.h>
#include <linux/sysctl.h>
#include <uapi/linux/rex.h>

#define REX_TIMEOUT_MS_MIN	1U
#define REX_TIMEOUT_MS_MAX	60000U

/* Largest image (ELF plus signature) bpf(2) accepts. */
#define REX_IMAGE_MAX_SIZE	SZ_4M
#define REX_MAX_SECTIONS	1024
#define REX_MAX_PROGS		64
#define REX_MAX_MAPS		64

/* What an image's returns jump to (-mfunction-return=thunk-extern) */
#define REX_RETURN_THUNK	"__x86_return_thunk"

/*
 * An undefined symbol of the image, what it was bound to, and which of the
 * image's programs can reach it (bit i: program i's code refers to it).
 */
struct rex_import {
	char name[REX_SYM_LEN];
	unsigned long addr;
	u64 reached_by;
};

/* One function of an image, named in kallsyms as rex:<prog>:<function>. */
struct rex_ksym {
	struct bpf_ksym ksym;
};

/*
 * A mapped, relocated image. Shared by the programs loaded from it when
 * their bound maps and resolved imports are identical; freed with the last.
 */
struct rex_image {
	struct kref ref;
	struct list_head node;		/* in rex_images, for sharing */
	u8 digest[32];			/* SHA-256 of the signed image */
	void *mem;			/* text | rodata | data, page aligned */
	size_t text_size, ro_size, data_size;
	const struct rex_prog_desc *progs;
	u32 nr_progs;
	struct rex_map_desc *maps;	/* in the read-only part once bound */
	u32 nr_maps;
	struct bpf_map **bound;		/* references held by the image */
	const struct rex_meta *meta;
	struct rex_import *imports;	/* as resolved for the program that mapped it */
	u32 nr_imports;
	struct rex_ksym *ksyms;
	u32 nr_ksyms;
	unsigned long *entries;		/* entry address per program */
};

/*
 * The Rex side of one BPF program (bpf_prog_aux->rex). The dispatcher
 * reads the first four fields (offsets.h).
 */
struct rex_prog {
	u64 (*entry)(void *ctx);
	struct bpf_prog *prog;
	u32 default_ret;
	bool faulted;			/* disabled: runs return default_ret */
	bool keep_running;		/* not disabled by a panic */
	struct rex_image *image;
	u32 index;			/* into image->progs */
	struct list_head node;		/* in rex_progs, for /proc/rex/progs */
	atomic_long_t panics;		/* runs stopped by any panic ... */
	atomic_long_t timeouts;		/* ... of which by the watchdog */
	atomic_long_t skipped;		/* runs not executed: faulted */
};

/* What the loader needs from the caller to resolve and bind. */
struct rex_load_ctx {
	struct bpf_verifier_log *log;
	struct bpf_prog *prog;
	bpfptr_t fd_array;		/* map fds, in the image's map order */
	u32 flags;			/* bpf_attr.rex_flags */
	u32 index;			/* bpf_attr.rex_prog_index */
};

#define rex_log(lctx, fmt, ...) bpf_log((lctx)->log, "rex: " fmt "\n", ##__VA_ARGS__)

/* stack.c: initial stack pointer of a program on each CPU */
DECLARE_PER_CPU_READ_MOSTLY(unsigned long, rex_stack_sp);
int __init rex_stacks_init(void);
int __init rex_sysctl_init(void);

/* sig.c */
extern unsigned int rex_sig_enforce;
int rex_sig_check(struct rex_load_ctx *lctx, const void *image, size_t *len);

/* loader.c */
struct bpf_map *rex_map_from_fd(struct rex_load_ctx *lctx, u32 i);

/* image.c */
bool rex_patch_return(u8 *jmp, void (*thunk)(void));
struct rex_image *rex_image_create(struct rex_load_ctx *lctx, const void *elf,
				   size_t len);
void rex_image_put(struct rex_image *img);
void rex_image_free(struct rex_image *img);

/* imports.c */
long rex_import_resolve(struct rex_load_ctx *lctx, const char *name,
			unsigned long *addr, bool reached);
/* kprobe, tracepoint, perf_event, ...: may run in NMI, so take no spin lock */
bool rex_is_tracing_type(enum bpf_prog_type type);

/* dispatch.c, rex_entry_64.S */
DECLARE_PER_CPU(unsigned long, rex_run_seq);	/* odd while a program runs */
unsigned int rex_run(const void *ctx, const struct bpf_insn *insn);
unsigned int rex_enter(const void *ctx, struct rex_prog *rp);
unsigned int rex_run_missed(struct rex_prog *rp);
unsigned int rex_run_skipped(struct rex_prog *rp);
unsigned int rex_run_leftovers(struct rex_cpu_state *st, struct rex_prog *rp);
void __noreturn rex_unwind(struct rex_cpu_state *state, u64 ret);
void rex_stop_entry(void);
/* the runtime functions' addresses, as images import them */
void rex_panic_thunk(void);
void rex_terminate_thunk(void);
void rex_spin_lock_entry(void);
void rex_spin_unlock_entry(void);
void rex_ringbuf_reserve_thunk(void);
void rex_ringbuf_submit_thunk(void);
void rex_ringbuf_discard_thunk(void);
void rex_task_get_current_thunk(void);
void rex_task_put_thunk(void);
void rex_ubsan_divrem_thunk(void);
void rex_ubsan_shift_thunk(void);
void rex_ubsan_bounds_thunk(void);
void rex_stack_exhausted_thunk(void);
void rex_unreached_import_thunk(void);

static inline struct rex_cpu_state *rex_this_state(void)
{
	return (struct rex_cpu_state *)this_cpu_read(rex_stack_sp);
}

/* The struct rex_stack_top of the stack whose state is @st. */
static inline struct rex_stack_top *rex_state_top(struct rex_cpu_state *st)
{
	return (struct rex_stack_top *)((char *)st + REX_STATE_RESERVE -
					sizeof(struct rex_stack_top));
}

/*
 * BPF helpers' C implementations (BPF_CALL_x in kernel/bpf/helpers.c and
 * ringbuf.c), which no header declares; the runtime calls them directly.
 */
u64 bpf_spin_lock(u64 lock, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_spin_unlock(u64 lock, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 r4, u64 r5);
u64 bpf_ringbuf_submit(u64 sample, u64 flags, u64 r3, u64 r4, u64 r5);
u64 bpf_ringbuf_discard(u64 sample, u64 flags, u64 r3, u64 r4, u64 r5);

/* runtime.c */
void rex_release_leftovers(struct rex_cpu_state *st, const struct bpf_prog *prog);
bool rex_ip_in_prog(const struct bpf_prog *prog, unsigned long ip);
bool rex_sp_on_this_stack(unsigned long sp);
void rex_prog_register(struct rex_prog *rp);
void rex_prog_unregister(struct rex_prog *rp);
int __init rex_proc_init(void);
void rex_redirect(struct rex_cpu_state *st, struct pt_regs *regs, enum rex_stop_reason reason,
		  const char *msg);
/* entered from rex_entry_64.S: (args..., program frame pointer, return address) */
void __noreturn rex_do_panic(const char *msg, const char *file, u32 line, unsigned long fp,
			     unsigned long ip);
void __noreturn rex_do_terminate(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip);
void __noreturn rex_do_stack_exhausted(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip);
void __noreturn rex_do_unreached_import(u64 a, u64 b, u64 c, unsigned long fp, unsigned long ip);
void __noreturn rex_do_stop(unsigned long fp);
u64 rex_rt_task_pid_tgid(struct task_struct *task);
struct rex_ubsan_location;
/* the failure paths of rex_spin_lock/rex_spin_unlock: they panic */
void __noreturn rex_rt_spin_lock(struct bpf_spin_lock *lock, u64 b, u64 c, unsigned long fp,
				 unsigned long ip);
void __noreturn rex_rt_spin_unlock(struct bpf_spin_lock *lock, u64 b, u64 c, unsigned long fp,
				   unsigned long ip);
void *rex_rt_ringbuf_reserve(struct bpf_map *map, u64 size, u64 flags, unsigned long fp,
			     unsigned long ip);
void rex_rt_ringbuf_submit(void *sample, u64 flags, u64 c, unsigned long fp, unsigned long ip);
void rex_rt_ringbuf_discard(void *sample, u64 flags, u64 c, unsigned long fp, unsigned long ip);
struct task_struct *rex_rt_task_get_current(u64 a, u64 b, u64 c, unsigned long fp,
					    unsigned long ip);
void rex_rt_task_put(struct task_struct *task, u64 b, u64 c, unsigned long fp, unsigned long ip);
void rex_rt_ubsan_divrem(const struct rex_ubsan_location *loc, u64 lhs, u64 rhs,
			 unsigned long fp, unsigned long ip);
void rex_rt_ubsan_shift(const struct rex_ubsan_location *loc, u64 lhs, u64 rhs,
			unsigned long fp, unsigned long ip);
void rex_rt_ubsan_bounds(const struct rex_ubsan_location *loc, u64 index, u64 c,
			 unsigned long fp, unsigned long ip);

/* layout.c: imported by programs as data */
extern const struct rex_kernel_layout rex_kernel_layout;

/* watchdog.c: armed on every CPU while any Rex program is loaded */
void rex_watchdog_get(void);
void rex_watchdog_put(void);
void rex_watchdog_rearm(void);
bool rex_watchdog_armed(int cpu);
struct seq_file;
void rex_watchdog_show(struct seq_file *m);
int __init rex_watchdog_init(void);

#if IS_ENABLED(CONFIG_KUNIT)
extern struct ctl_table rex_sysctl_table[];
extern const unsigned int rex_sysctl_table_size;
/* kernel/bpf/syscall.c, declared in no header: bpf(2) from the kernel */
int kern_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);
#endif

#endif /* _KERNEL_REX_INTERNAL_H */
