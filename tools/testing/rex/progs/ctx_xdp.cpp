// SPDX-License-Identifier: GPL-2.0
/*
 * XDP context fields, read by the support layer through the kernel's
 * layout table (rex/kernel_layout.hpp) and stored in fields[] for
 * scenarios/support/ctx-fields.sh:
 *
 *	0  ifindex
 *	1  rx_queue_index + 100
 */
#include <rex/rex.hpp>

using rex::u64;

REX_MAP(fields, rex::array_map<u64, 16>);

static void set(rex::u32 slot, u64 value)
{
	if (auto field = fields.lookup(slot))
		*field = value;
}

static rex::xdp_action xdp_fields(rex::xdp_ctx &ctx)
{
	set(0, ctx.ifindex());
	set(1, ctx.rx_queue_index() + 100);
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_fields, xdp_fields);
