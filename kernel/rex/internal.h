/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _KERNEL_REX_INTERNAL_H
#define _KERNEL_REX_INTERNAL_H

#include <linux/init.h>
#include <linux/rex.h>
#include <linux/sysctl.h>

#define REX_TIMEOUT_MS_MIN	1U
#define REX_TIMEOUT_MS_MAX	60000U

int __init rex_stacks_init(void);
int __init rex_sysctl_init(void);

#if IS_ENABLED(CONFIG_KUNIT)
extern struct ctl_table rex_sysctl_table[];
extern const unsigned int rex_sysctl_table_size;
#endif

#endif /* _KERNEL_REX_INTERNAL_H */
