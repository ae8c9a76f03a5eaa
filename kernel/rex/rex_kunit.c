// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the Rex runtime: per-CPU stacks and settings.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/rex.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/uaccess.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sch_generic.h>
#include <net/xdp.h>

#include "internal.h"

/* ---- per-CPU stacks ---------------------------------------------------- */

static void rex_stack_exists_for_every_possible_cpu(struct kunit *test)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_NOT_NULL_MSG(test, rex_stack_base(cpu), "cpu %d", cpu);
		KUNIT_EXPECT_TRUE_MSG(test, is_vmalloc_addr(rex_stack_base(cpu)),
				      "cpu %d", cpu);
	}
}

static void rex_stack_is_aligned_to_its_size(struct kunit *test)
{
	int cpu;

	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test,
				    (unsigned long)rex_stack_base(cpu) & (REX_STACK_SIZE - 1),
				    0UL, "cpu %d", cpu);
}

static void rex_stacks_are_distinct(struct kunit *test)
{
	int a, b;

	for_each_possible_cpu(a)
		for_each_possible_cpu(b)
			if (a != b)
				KUNIT_EXPECT_PTR_NE(test, rex_stack_base(a),
						    rex_stack_base(b));
}

static void rex_stack_is_mapped_end_to_end(struct kunit *test)
{
	int cpu = raw_smp_processor_id();
	char *base = rex_stack_base(cpu);
	unsigned long off;
	char byte;

	for (off = 0; off < REX_STACK_SIZE; off += PAGE_SIZE)
		KUNIT_EXPECT_EQ_MSG(test,
				    copy_from_kernel_nofault(&byte, base + off, 1),
				    0L, "offset %lu", off);
	KUNIT_EXPECT_EQ(test,
			copy_from_kernel_nofault(&byte, base + REX_STACK_SIZE - 1, 1),
			0L);
}

static void rex_stack_has_guard_page_below(struct kunit *test)
{
	int cpu;
	char byte;

	for_each_possible_cpu(cpu) {
		char *base = rex_stack_base(cpu);

		KUNIT_EXPECT_EQ_MSG(test, copy_from_kernel_nofault(&byte, base - 1, 1),
				    (long)-EFAULT, "cpu %d", cpu);
		KUNIT_EXPECT_EQ_MSG(test,
				    copy_from_kernel_nofault(&byte, base - PAGE_SIZE, 1),
				    (long)-EFAULT, "cpu %d", cpu);
	}
}

static void rex_stack_has_guard_page_above(struct kunit *test)
{
	int cpu;
	char byte;

	for_each_possible_cpu(cpu) {
		char *end = (char *)rex_stack_base(cpu) + REX_STACK_SIZE;

		KUNIT_EXPECT_EQ_MSG(test, copy_from_kernel_nofault(&byte, end, 1),
				    (long)-EFAULT, "cpu %d", cpu);
		KUNIT_EXPECT_EQ_MSG(test,
				    copy_from_kernel_nofault(&byte, end + PAGE_SIZE - 1, 1),
				    (long)-EFAULT, "cpu %d", cpu);
	}
}

static void rex_state_is_found_by_masking_any_stack_address(struct kunit *test)
{
	int cpu = raw_smp_processor_id();
	unsigned long base = (unsigned long)rex_stack_base(cpu);
	struct rex_cpu_state *state = rex_cpu_state(cpu);
	unsigned long sp;

	KUNIT_EXPECT_EQ(test, (unsigned long)state + REX_STATE_RESERVE, base + REX_STACK_SIZE);
	KUNIT_EXPECT_EQ(test, (unsigned long)rex_state_top(state) + sizeof(struct rex_stack_top),
			base + REX_STACK_SIZE);
	KUNIT_EXPECT_GE(test, (unsigned long)rex_state_top(state),
			(unsigned long)state + sizeof(*state));
	KUNIT_EXPECT_EQ(test, state->cpu, cpu);
	for (sp = base; sp < base + REX_STACK_SIZE; sp += 1000)
		KUNIT_EXPECT_PTR_EQ(test, rex_state_from_sp(sp), state);
	KUNIT_EXPECT_PTR_EQ(test, rex_state_from_sp(base + REX_STACK_SIZE - 1), state);
	KUNIT_EXPECT_PTR_NE(test, rex_state_from_sp(base + REX_STACK_SIZE), state);
}

static void rex_stack_top_leaves_budget_and_reserve(struct kunit *test)
{
	int cpu = raw_smp_processor_id();
	unsigned long base = (unsigned long)rex_stack_base(cpu);
	unsigned long top = rex_stack_start(cpu);

	KUNIT_EXPECT_EQ(test, top % 16, 0UL);
	KUNIT_EXPECT_LE(test, top, (unsigned long)rex_cpu_state(cpu));
	/* The program budget fits with at least a quarter of the stack to spare. */
	KUNIT_EXPECT_GE(test, top - base,
			(unsigned long)REX_PROG_STACK_BUDGET + REX_STACK_SIZE / 4);
}

static struct kunit_case rex_stack_cases[] = {
	KUNIT_CASE(rex_stack_exists_for_every_possible_cpu),
	KUNIT_CASE(rex_stack_is_aligned_to_its_size),
	KUNIT_CASE(rex_stacks_are_distinct),
	KUNIT_CASE(rex_stack_is_mapped_end_to_end),
	KUNIT_CASE(rex_stack_has_guard_page_below),
	KUNIT_CASE(rex_stack_has_guard_page_above),
	KUNIT_CASE(rex_state_is_found_by_masking_any_stack_address),
	KUNIT_CASE(rex_stack_top_leaves_budget_and_reserve),
	{}
};

static struct kunit_suite rex_stack_suite = {
	.name = "rex_stack",
	.test_cases = rex_stack_cases,
};

/* ---- /proc/sys/kernel/rex ---------------------------------------------- */

static struct ctl_table *rex_test_sysctl(struct kunit *test, const char *name)
{
	unsigned int i;

	for (i = 0; i < rex_sysctl_table_size; i++)
		if (!strcmp(rex_sysctl_table[i].procname, name))
			return &rex_sysctl_table[i];
	KUNIT_FAIL(test, "no sysctl kernel.rex.%s", name);
	return NULL;
}

/* Write @text through the table's own handler, as a write(2) to /proc would. */
static int rex_test_sysctl_write(struct ctl_table *table, const char *text)
{
	char buf[32];
	size_t len;
	loff_t pos = 0;

	len = strscpy(buf, text, sizeof(buf));
	return table->proc_handler(table, 1, buf, &len, &pos);
}

struct rex_sysctl_case {
	const char *input;
	int err;		/* expected handler result */
	unsigned int value;	/* value afterwards if accepted */
};

static const struct rex_sysctl_case rex_timeout_cases[] = {
	{ "0",		-EINVAL, 0 },
	{ "60001",	-EINVAL, 0 },
	{ "4294967295",	-EINVAL, 0 },
	{ "4294967296",	-EINVAL, 0 },
	{ "-5",		-EINVAL, 0 },
	{ "ten",	-EINVAL, 0 },
	{ "1",		0, 1 },
	{ "5",		0, 5 },
	{ "60000",	0, 60000 },
};

static void rex_timeout_case_desc(const struct rex_sysctl_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "write \"%s\"", c->input);
}

KUNIT_ARRAY_PARAM(rex_timeout, rex_timeout_cases, rex_timeout_case_desc);

static void rex_timeout_ms_write_is_validated(struct kunit *test)
{
	const struct rex_sysctl_case *c = test->param_value;
	struct ctl_table *table = rex_test_sysctl(test, "timeout_ms");
	unsigned int saved = rex_timeout_ms;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, table);
	err = rex_test_sysctl_write(table, c->input);
	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_EXPECT_EQ(test, rex_timeout_ms, c->err ? saved : c->value);
	rex_timeout_ms = saved;
}

static void rex_timeout_ms_defaults_to_config(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rex_timeout_ms, CONFIG_REX_DEFAULT_TIMEOUT_MS);
}

static void rex_layout_settings_are_read_only(struct kunit *test)
{
	struct ctl_table *size = rex_test_sysctl(test, "stack_size");
	struct ctl_table *budget = rex_test_sysctl(test, "prog_stack_budget");

	KUNIT_ASSERT_NOT_NULL(test, size);
	KUNIT_ASSERT_NOT_NULL(test, budget);
	KUNIT_EXPECT_EQ(test, size->mode, (umode_t)0444);
	KUNIT_EXPECT_EQ(test, budget->mode, (umode_t)0444);
	KUNIT_EXPECT_EQ(test, *(unsigned int *)size->data, REX_STACK_SIZE);
	KUNIT_EXPECT_EQ(test, *(unsigned int *)budget->data, REX_PROG_STACK_BUDGET);
}

static struct kunit_case rex_sysctl_cases[] = {
	KUNIT_CASE(rex_timeout_ms_defaults_to_config),
	KUNIT_CASE_PARAM(rex_timeout_ms_write_is_validated, rex_timeout_gen_params),
	KUNIT_CASE(rex_layout_settings_are_read_only),
	{}
};

static struct kunit_suite rex_sysctl_suite = {
	.name = "rex_sysctl",
	.test_cases = rex_sysctl_cases,
};

/* ---- the kernel layout table ------------------------------------------ */

/* The field of @type at @off of @obj, as a program reads it. */
#define REX_T_FIELD(type, obj, off) (*(type *)((char *)(obj) + (off)))

/* Each offset names the field it says: values set by name, read by offset. */
static void rex_layout_names_the_sk_buff_fields(struct kunit *test)
{
	const struct rex_kernel_layout *l = &rex_kernel_layout;
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->len = 1234;
	skb->protocol = htons(ETH_P_IP);
	skb->mark = 0x5a5a;
	skb->priority = 9;
	skb->hash = 0xabcd1234;
	skb->queue_mapping = 3;
	skb->skb_iif = 17;
	skb->dev = init_net.loopback_dev;
	skb->tstamp = 123456789;
	skb->vlan_proto = htons(ETH_P_8021Q);
	skb->vlan_tci = 42;
	qdisc_skb_cb(skb)->data[4] = 0x66;
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u32, skb, l->skb_len), 1234);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(__be16, skb, l->skb_protocol), htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u32, skb, l->skb_mark), 0x5a5a);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u32, skb, l->skb_priority), 9);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u32, skb, l->skb_hash), 0xabcd1234);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u16, skb, l->skb_queue_mapping), 3);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(int, skb, l->skb_iif), 17);
	KUNIT_EXPECT_PTR_EQ(test, REX_T_FIELD(struct net_device *, skb, l->skb_dev),
			    init_net.loopback_dev);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(int, init_net.loopback_dev, l->netdev_ifindex),
			init_net.loopback_dev->ifindex);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(s64, skb, l->skb_tstamp), 123456789);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(__be16, skb, l->skb_vlan_proto), htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u16, skb, l->skb_vlan_tci), 42);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u8, skb, l->skb_cb_data + 4), 0x66);
#ifdef CONFIG_NET_SCHED
	skb->tc_index = 5;
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u16, skb, l->skb_tc_index), 5);
#else
	KUNIT_EXPECT_EQ(test, l->skb_tc_index, REX_LAYOUT_ABSENT);
#endif
	kfree_skb(skb);
}

static void rex_layout_names_the_xdp_perf_and_task_fields(struct kunit *test)
{
	const struct rex_kernel_layout *l = &rex_kernel_layout;
	struct xdp_rxq_info rxq = { .dev = init_net.loopback_dev, .queue_index = 5 };
	struct xdp_buff xdp = { .rxq = &rxq };
	struct perf_sample_data data = { .period = 77, .addr = 0xfeed };
	struct pt_regs regs = { .ip = 0x1234 };
	struct bpf_perf_event_data_kern perf = { .regs = &regs, .data = &data };

	KUNIT_EXPECT_EQ(test, l->size, sizeof(*l));
	KUNIT_EXPECT_PTR_EQ(test, REX_T_FIELD(struct xdp_rxq_info *, &xdp, l->xdp_rxq), &rxq);
	KUNIT_EXPECT_PTR_EQ(test, REX_T_FIELD(struct net_device *, &rxq, l->rxq_dev),
			    init_net.loopback_dev);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u32, &rxq, l->rxq_queue_index), 5);
	KUNIT_EXPECT_PTR_EQ(test, REX_T_FIELD(struct perf_sample_data *, &perf, l->perf_data),
			    &data);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u64, &data, l->sample_period), 77);
	KUNIT_EXPECT_EQ(test, REX_T_FIELD(u64, &data, l->sample_addr), 0xfeed);
	KUNIT_EXPECT_PTR_EQ(test, REX_T_FIELD(struct pt_regs *, &perf, l->perf_regs), &regs);
	KUNIT_EXPECT_STREQ(test, (char *)current + l->task_comm, current->comm);
}

static struct kunit_case rex_layout_cases[] = {
	KUNIT_CASE(rex_layout_names_the_sk_buff_fields),
	KUNIT_CASE(rex_layout_names_the_xdp_perf_and_task_fields),
	{}
};

static struct kunit_suite rex_layout_suite = {
	.name = "rex_kernel_layout",
	.test_cases = rex_layout_cases,
};

kunit_test_suites(&rex_stack_suite, &rex_sysctl_suite, &rex_layout_suite);

MODULE_DESCRIPTION("KUnit tests for the Rex runtime");
MODULE_LICENSE("GPL");
