/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Offsets of the fields the dispatcher (rex_entry_64.S) reads, in
 * structures Rex defines; dispatch.c checks them against the C layout.
 */
#ifndef _KERNEL_REX_OFFSETS_H
#define _KERNEL_REX_OFFSETS_H

#include <linux/rex.h>

/* struct rex_prog */
#define REX_PROG_ENTRY		0
#define REX_PROG_PROG		8
#define REX_PROG_DEFAULT_RET	16
#define REX_PROG_FAULTED	20

/* struct rex_cpu_state */
#define REX_STATE_SAVED_SP	0
#define REX_STATE_PROG		8
#define REX_STATE_NR_RES	52
#define REX_STATE_LOCK_FLAGS	56
/* struct rex_stack_top's terminate_pending and lock, at the end of the reserve */
#define REX_STATE_PENDING	(REX_STATE_RESERVE - 64)
#define REX_STATE_LOCK		(REX_STATE_RESERVE - 64 + 8)

/*
 * rex_spin_lock and rex_spin_unlock work on the lock word themselves when
 * it is a native queued spin lock (dispatch.c checks _Q_LOCKED_VAL) and
 * interrupts are the native pushf/cli/sti (not Xen PV's);
 * otherwise they call bpf_spin_lock() and bpf_spin_unlock().
 */
#if defined(CONFIG_QUEUED_SPINLOCKS) && !defined(CONFIG_PARAVIRT_SPINLOCKS) && \
	!defined(CONFIG_PARAVIRT_XXL)
#define REX_INLINE_SPIN_LOCK	1
#define REX_LOCK_LOCKED_VAL	1
#endif

#endif /* _KERNEL_REX_OFFSETS_H */
