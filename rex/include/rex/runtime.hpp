/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The Rex runtime: the kernel functions a program may import besides the
 * BPF helpers (include/uapi/linux/rex.h lists them), and the termination
 * check the support layer runs after every call into the kernel.
 *
 * Like the helpers, these are ordinary C functions of the kernel in the
 * x86-64 SysV ABI, called directly.  The kernel keeps track of what they
 * hand out (a held lock, a ring-buffer reservation, a task reference) and
 * releases it if the program panics, so the RAII types built on them
 * (spin_lock.hpp, ring_buffer.hpp, task.hpp) need no cleanup of their own
 * on that path.  Programs use those types, never these declarations.
 */

#include <rex/types.hpp>

#include <linux/bpf.h>
#include <linux/rex.h>

namespace rex::detail {

/* The kernel's struct task_struct, only ever held by address. */
struct task_struct;

extern "C" {
/* Stops the program: the kernel reports message at file:line and returns the default value. */
[[noreturn]] void rex_panic(const char *message, const char *file, u32 line);
/* rex_panic("timeout"), for a termination the watchdog asked for. */
[[noreturn]] void rex_terminate(void);

/*
 * At most one lock at a time: a second rex_spin_lock panics.  rex_spin_unlock
 * makes the termination check itself (it may end the run as rex_terminate).
 */
void rex_spin_lock(bpf_spin_lock *lock);
void rex_spin_unlock(bpf_spin_lock *lock);

/* map is the struct bpf_map * bound to a BPF_MAP_TYPE_RINGBUF descriptor. */
void *rex_ringbuf_reserve(void *map, u64 size, u64 flags);
void rex_ringbuf_submit(void *sample, u64 flags);
void rex_ringbuf_discard(void *sample, u64 flags);

/* A counted reference to current, or null. */
task_struct *rex_task_get_current(void);
void rex_task_put(task_struct *task);
/* tgid << 32 | pid of task. */
u64 rex_task_pid_tgid(task_struct *task);
}

static_assert(sizeof(rex_stack_top) == 64 && REX_STACK_SIZE % 4096 == 0 &&
		      (REX_STACK_SIZE & (REX_STACK_SIZE - 1)) == 0,
	      "struct rex_stack_top or REX_STACK_SIZE changed: update rex/runtime.hpp");

/* The struct rex_stack_top of the Rex stack: the frame address rounded up to REX_STACK_SIZE, less its size. */
[[gnu::always_inline]] inline const rex_stack_top *stack_top()
{
	u64 frame = reinterpret_cast<u64>(__builtin_frame_address(0));
	return reinterpret_cast<const rex_stack_top *>((frame | (REX_STACK_SIZE - 1)) + 1 - sizeof(rex_stack_top));
}

/*
 * When the watchdog finds the program past its time limit inside a kernel
 * function, it cannot stop it there; it sets terminate_pending in the
 * struct rex_stack_top at the top of the Rex stack instead.  Run after
 * every helper and runtime call: a few instructions and a branch not
 * taken.
 */
[[gnu::always_inline]] inline void check_termination([[maybe_unused]] const rex_stack_top *top)
{
#ifndef REX_HOSTED_TEST
	if (__atomic_load_n(&top->terminate_pending, __ATOMIC_RELAXED)) [[unlikely]]
		rex_terminate();
#endif
}

/*
 * Run before every helper and runtime call: none is made while the
 * program holds a spin lock, as the verifier allows none under a
 * bpf_spin_lock (a helper that takes a kernel lock, a hash bucket's say,
 * could wait for a CPU that holds it and waits for this spin lock, both
 * with interrupts off, where the watchdog cannot stop them).
 */
[[gnu::always_inline]] inline void check_no_lock_held([[maybe_unused]] const rex_stack_top *top)
{
#ifndef REX_HOSTED_TEST
	if (__atomic_load_n(&top->lock, __ATOMIC_RELAXED)) [[unlikely]]
		rex_panic("kernel call while holding a spin lock: release it first (as in BPF, a program "
			  "calls no helper under a lock)",
			  __builtin_FILE(), __builtin_LINE());
#endif
}

/*
 * Function(args...) between the lock check and the termination check: how
 * the support layer calls every helper and runtime function that returns.
 * Function is a template argument, so the call stays direct.
 */
template <auto Function, typename... Args>
[[gnu::always_inline]] inline auto kernel_call(Args... args)
{
	const rex_stack_top *top = stack_top();
	check_no_lock_held(top);
	if constexpr (__is_same(decltype(Function(args...)), void)) {
		Function(args...);
		check_termination(top);
	} else {
		auto result = Function(args...);
		check_termination(top);
		return result;
	}
}

} // namespace rex::detail
