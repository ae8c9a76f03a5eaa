// SPDX-License-Identifier: GPL-2.0-only
/*
 * The import allowlist.
 *
 * An image may call BPF helpers by their UAPI names (bpf_map_lookup_elem
 * for BPF_FUNC_map_lookup_elem), and only those that the program type's
 * get_func_proto() offers to this program, so helper gating is exactly
 * eBPF's. The call goes straight to the helper's C implementation.
 *
 * Besides helpers, an image may import the Rex runtime's functions
 * (runtime.c; the names in include/uapi/linux/rex.h) and the entry points
 * that clang's instrumentation calls: the stack check and the handlers of
 * -fsanitize=integer-divide-by-zero,shift,array-bounds, and memset,
 * memcpy and memmove, which clang calls for large objects. Any other symbol,
 * kernel function or not, is refused by name.
 */

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/string.h>

#include "internal.h"

#define REX_HELPER_NAME(x) [BPF_FUNC_ ## x] = "bpf_" #x
static const char * const rex_helper_names[] = {
	__BPF_FUNC_MAPPER(REX_HELPER_NAME)
};
#undef REX_HELPER_NAME

/* The verifier's per-type ops (get_func_proto), as verifier.c builds them. */
static const struct bpf_verifier_ops * const rex_verifier_ops[] = {
#define BPF_PROG_TYPE(_id, _name, prog_ctx_type, kern_ctx_type) \
	[_id] = &_name ## _verifier_ops,
#define BPF_MAP_TYPE(_id, _ops)
#define BPF_LINK_TYPE(_id, _name)
#include <linux/bpf_types.h>
#undef BPF_PROG_TYPE
#undef BPF_MAP_TYPE
#undef BPF_LINK_TYPE
};

static const struct {
	const char *name;
	void *addr;
} rex_runtime_imports[] = {
	{ "rex_panic", rex_panic_thunk },
	{ "rex_terminate", rex_terminate_thunk },
	{ "rex_spin_lock", rex_spin_lock_entry },
	{ "rex_spin_unlock", rex_spin_unlock_entry },
	{ "rex_ringbuf_reserve", rex_ringbuf_reserve_thunk },
	{ "rex_ringbuf_submit", rex_ringbuf_submit_thunk },
	{ "rex_ringbuf_discard", rex_ringbuf_discard_thunk },
	{ "rex_task_get_current", rex_task_get_current_thunk },
	{ "rex_task_put", rex_task_put_thunk },
	{ "rex_task_pid_tgid", rex_rt_task_pid_tgid },
	{ "rex_stack_exhausted", rex_stack_exhausted_thunk },
	{ "__ubsan_handle_divrem_overflow", rex_ubsan_divrem_thunk },
	{ "__ubsan_handle_divrem_overflow_abort", rex_ubsan_divrem_thunk },
	{ "__ubsan_handle_shift_out_of_bounds", rex_ubsan_shift_thunk },
	{ "__ubsan_handle_shift_out_of_bounds_abort", rex_ubsan_shift_thunk },
	{ "__ubsan_handle_out_of_bounds", rex_ubsan_bounds_thunk },
	{ "__ubsan_handle_out_of_bounds_abort", rex_ubsan_bounds_thunk },
	/* data: the offsets the support layer reads kernel structures with */
	{ "rex_kernel_layout", (void *)&rex_kernel_layout },
	/* what clang emits for zeroing and copying large objects */
	{ "memset", memset },
	{ "memcpy", memcpy },
	{ "memmove", memmove },
};

bool rex_is_tracing_type(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_KPROBE || type == BPF_PROG_TYPE_TRACEPOINT ||
	       type == BPF_PROG_TYPE_PERF_EVENT || type == BPF_PROG_TYPE_RAW_TRACEPOINT ||
	       type == BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE || type == BPF_PROG_TYPE_TRACING;
}

static void *rex_runtime_import(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rex_runtime_imports); i++)
		if (!strcmp(rex_runtime_imports[i].name, name))
			return rex_runtime_imports[i].addr;
	return NULL;
}

static int rex_helper_id(const char *name)
{
	int id;

	for (id = 1; id < ARRAY_SIZE(rex_helper_names); id++)
		if (rex_helper_names[id] && !strcmp(rex_helper_names[id], name))
			return id;
	return -1;
}

/*
 * Some helpers need per-program state that the verifier sets up when it
 * sees a call to them; a Rex program gets the same for each import.
 */
static int rex_import_prepare(struct rex_load_ctx *lctx, int id)
{
	struct bpf_prog *prog = lctx->prog;
	int err;

	switch (id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_task_stack:
		if (!prog->has_callchain_buf) {
			err = -EOPNOTSUPP;
#ifdef CONFIG_PERF_EVENTS
			err = get_callchain_buffers(sysctl_perf_event_max_stack);
#endif
			if (err) {
				rex_log(lctx, "import %s: no callchain buffers (%d)",
					rex_helper_names[id], err);
				return err;
			}
			prog->has_callchain_buf = true;
		}
		if (id == BPF_FUNC_get_stack)
			prog->call_get_stack = true;
		break;
	case BPF_FUNC_get_stackid:
		prog->call_get_stack = true;
		break;
	case BPF_FUNC_get_func_ip:
		prog->call_get_func_ip = true;
		break;
	case BPF_FUNC_get_route_realm:
		prog->dst_needed = 1;
		break;
	case BPF_FUNC_get_prandom_u32:
		bpf_user_rnd_init_once();
		break;
	case BPF_FUNC_override_return:
		/* Attaching then checks that the target allows error injection. */
		prog->kprobe_override = 1;
		break;
	}
	return 0;
}

/*
 * Bind @name for the program being loaded. An import the program's code
 * can reach (@reached) must be one its type may use, as with the verifier;
 * one only other programs of the image reach is bound to what this type
 * offers, or else to rex_unreached_import, and never prepares the program
 * for the helper. A name that is neither a helper nor a runtime function is
 * refused either way.
 */
long rex_import_resolve(struct rex_load_ctx *lctx, const char *name, unsigned long *addr,
			bool reached)
{
	struct bpf_prog *prog = lctx->prog;
	const struct bpf_verifier_ops *ops = NULL;
	const struct bpf_func_proto *proto = NULL;
	void *runtime = rex_runtime_import(name);
	int id;

	if (runtime) {
		/*
		 * As the verifier refuses bpf_spin_lock to tracing programs:
		 * one running in an NMI could spin forever on a lock the code
		 * it interrupted holds, where no watchdog can stop it.
		 */
		if (!strncmp(name, "rex_spin_", 9) && rex_is_tracing_type(prog->type)) {
			if (!reached)
				goto unreached;
			rex_log(lctx, "import %s: tracing programs (type %u) cannot take spin locks",
				name, prog->type);
			return -EACCES;
		}
		*addr = (unsigned long)runtime;
		return 0;
	}
	id = rex_helper_id(name);
	if (id < 0) {
		rex_log(lctx, "import %s: forbidden symbol (an image may import BPF helpers and the Rex runtime only)",
			name);
		return -EACCES;
	}
	if (prog->type < ARRAY_SIZE(rex_verifier_ops))
		ops = rex_verifier_ops[prog->type];
	if (ops && ops->get_func_proto)
		proto = ops->get_func_proto(id, prog);
	if (!reached && (!proto || !proto->func || proto->might_sleep ||
			 (proto->gpl_only && !prog->gpl_compatible)))
		goto unreached;
	if (!proto || !proto->func) {
		rex_log(lctx, "import %s: helper not available to programs of type %u",
			name, prog->type);
		return -EACCES;
	}
	/* Rex programs run on a per-CPU stack and are never sleepable. */
	if (proto->might_sleep) {
		rex_log(lctx, "import %s: helper may sleep, and Rex programs cannot", name);
		return -EACCES;
	}
	if (proto->gpl_only && !prog->gpl_compatible) {
		rex_log(lctx, "import %s: helper is GPL-only and the program's license is not GPL-compatible",
			name);
		return -EACCES;
	}
	*addr = (unsigned long)proto->func;
	return reached ? rex_import_prepare(lctx, id) : 0;

unreached:
	*addr = (unsigned long)rex_unreached_import_thunk;
	return 0;
}
