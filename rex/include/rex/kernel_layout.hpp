/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Fields of kernel structures the contexts read (struct sk_buff for TC,
 * the receive queue of an XDP frame, the perf sample, a task's name).
 * Where they lie depends on the kernel's configuration, so the kernel
 * exports their offsets, struct rex_kernel_layout, as the data import
 * rex_kernel_layout (include/uapi/linux/rex.h), and the accessors read
 * them through it: one load of the offset, one of the field, and no call.
 * Programs use the accessors of tc_ctx, xdp_ctx, perf_event_ctx and task.
 */

#include <rex/types.hpp>

#include <linux/rex.h>

namespace rex::detail {

extern "C" const rex_kernel_layout rex_kernel_layout;

/* The T at byte offset of the kernel object at object. */
template <typename T>
[[gnu::always_inline]] inline T kernel_field(const void *object, u32 offset)
{
	T value;
	__builtin_memcpy(&value, static_cast<const char *>(object) + offset, sizeof(T));
	return value;
}

template <typename T>
[[gnu::always_inline]] inline void set_kernel_field(void *object, u32 offset, T value)
{
	__builtin_memcpy(static_cast<char *>(object) + offset, &value, sizeof(T));
}

} // namespace rex::detail
