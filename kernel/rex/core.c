// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rex runtime: boot-time setup.
 */

#define pr_fmt(fmt) "rex: " fmt

#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/rex.h>

#include "internal.h"

static int __init rex_init(void)
{
	int err;

	err = rex_stacks_init();
	if (err)
		return err;

	err = rex_sysctl_init();
	if (err) {
		pr_err("cannot register /proc/sys/kernel/rex (%d)\n", err);
		return err;
	}

	err = rex_watchdog_init();
	if (!err)
		err = rex_proc_init();
	if (err) {
		pr_err("cannot set up the watchdog or /proc/rex (%d)\n", err);
		return err;
	}

	pr_info("runtime ready: %u per-CPU stacks of %u KiB, timeout %u ms\n",
		num_possible_cpus(), REX_STACK_SIZE / SZ_1K, rex_timeout_ms);
	return 0;
}
subsys_initcall(rex_init);
