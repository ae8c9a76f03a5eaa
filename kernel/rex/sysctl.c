// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run-time settings of the Rex runtime: /proc/sys/kernel/rex/.
 */

#include <kunit/visibility.h>
#include <linux/kernel.h>
#include <linux/rex.h>
#include <linux/sysctl.h>

#include "internal.h"

unsigned int rex_timeout_ms = CONFIG_REX_DEFAULT_TIMEOUT_MS;

static unsigned int rex_timeout_ms_min = REX_TIMEOUT_MS_MIN;
static unsigned int rex_timeout_ms_max = REX_TIMEOUT_MS_MAX;
static unsigned int rex_stack_size = REX_STACK_SIZE;
static unsigned int rex_prog_stack_budget = REX_PROG_STACK_BUDGET;

static unsigned int rex_zero;
static unsigned int rex_one = 1;

/* A new timeout applies at once: the watchdog's timers are re-armed. */
static int rex_timeout_handler(const struct ctl_table *table, int write, void *buffer,
			       size_t *lenp, loff_t *ppos)
{
	int err = proc_douintvec_minmax(table, write, buffer, lenp, ppos);

	if (!err && write)
		rex_watchdog_rearm();
	return err;
}

/* sig_enforce can be turned on, never off. */
static int rex_sig_enforce_handler(const struct ctl_table *table, int write,
				   void *buffer, size_t *lenp, loff_t *ppos)
{
	unsigned int val = READ_ONCE(rex_sig_enforce);
	struct ctl_table t = *table;
	int err;

	t.data = &val;
	err = proc_douintvec_minmax(&t, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	if (val < READ_ONCE(rex_sig_enforce))
		return -EPERM;
	WRITE_ONCE(rex_sig_enforce, val);
	return 0;
}

VISIBLE_IF_KUNIT struct ctl_table rex_sysctl_table[] = {
	{
		.procname	= "timeout_ms",
		.data		= &rex_timeout_ms,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= rex_timeout_handler,
		.extra1		= &rex_timeout_ms_min,
		.extra2		= &rex_timeout_ms_max,
	},
	{
		.procname	= "sig_enforce",
		.maxlen		= sizeof(unsigned int),
		.mode		= IS_ENABLED(CONFIG_REX_SIG_FORCE) ? 0444 : 0644,
		.proc_handler	= rex_sig_enforce_handler,
		.extra1		= &rex_zero,
		.extra2		= &rex_one,
	},
	{
		.procname	= "stack_size",
		.data		= &rex_stack_size,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0444,
		.proc_handler	= proc_douintvec,
	},
	{
		.procname	= "prog_stack_budget",
		.data		= &rex_prog_stack_budget,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0444,
		.proc_handler	= proc_douintvec,
	},
};

VISIBLE_IF_KUNIT const unsigned int rex_sysctl_table_size = ARRAY_SIZE(rex_sysctl_table);

int __init rex_sysctl_init(void)
{
	if (!register_sysctl("kernel/rex", rex_sysctl_table))
		return -ENOMEM;
	return 0;
}
