// SPDX-License-Identifier: GPL-2.0
/*
 * The perf sample, read by the support layer through the kernel's layout
 * table (rex/kernel_layout.hpp) and stored in fields[] for
 * scenarios/support/ctx-fields.sh:
 *
 *	8  sample_period
 *	9  samples taken in user mode, at a user ip and sp
 *	12 samples
 */
#include <rex/rex.hpp>

using rex::u64;

REX_MAP(fields, rex::array_map<u64, 16>);

static void set(rex::u32 slot, u64 value)
{
	if (auto field = fields.lookup(slot))
		*field = value;
}

static void add(rex::u32 slot)
{
	if (auto field = fields.lookup(slot))
		rex::atomic_add(*field, 1);
}

static rex::u32 perf_fields(rex::perf_event_ctx &ctx)
{
	set(8, ctx.sample_period());
	add(12);
	/* a sample in user space is at a user address (below 2^47) */
	if (ctx.in_user_mode() && ctx.ip() < (u64{1} << 47) && ctx.sp() < (u64{1} << 47))
		add(9);
	return 0;
}

REX_PROGRAM(perf_fields, perf_fields);
