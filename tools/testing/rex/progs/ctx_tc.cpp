// SPDX-License-Identifier: GPL-2.0
/*
 * TC context fields (struct sk_buff), read by the support layer through
 * the kernel's layout table (rex/kernel_layout.hpp) and stored in fields[]
 * for scenarios/support/ctx-fields.sh:
 *
 *	2  len
 *	3  protocol (host order)
 *	4  ifindex
 *	5  mark after set_mark(0x1234)
 *	6  byte 1 after store(1, 0xab)
 *	7  cb<0> after set_cb<0>(0x77), + 1000 if a VLAN tag is present,
 *	   + 10000 * tc_index
 *
 * tc_redirect returns what redirect(1) returns.
 */
#include <rex/rex.hpp>

using rex::u64;

REX_MAP(fields, rex::array_map<u64, 16>);

static void set(rex::u32 slot, u64 value)
{
	if (auto field = fields.lookup(slot))
		*field = value;
}

static rex::tc_action tc_fields(rex::tc_ctx &ctx)
{
	set(2, ctx.len());
	set(3, ctx.protocol());
	set(4, ctx.ifindex());
	ctx.set_mark(0x1234);
	set(5, ctx.mark());
	ctx.set_priority(7);
	ctx.set_cb<0>(0x77);
	set(7, ctx.cb<0>() + 1000 * ctx.vlan_present() + 10000 * ctx.tc_index());
	if (!ctx.store<rex::u8>(1, 0xab))
		return rex::tc_action::shot;
	set(6, ctx.load<rex::u8>(1).value_or(0));
	return rex::tc_action::ok;
}

static rex::tc_action tc_redirect(rex::tc_ctx &ctx)
{
	return ctx.redirect(1);
}

REX_PROGRAM(tc_fields, tc_fields);
REX_PROGRAM(tc_redirect, tc_redirect);
