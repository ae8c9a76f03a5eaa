// SPDX-License-Identifier: GPL-2.0
/* Growing and trimming an XDP packet: each adjustment hands back the new packet. */
#include <rex/rex.hpp>

struct tag {
	rex::u8 bytes[4];
};

static rex::result<void> push_tag(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = REX_TRY(ctx.adjust_head(-4));
	rex::fill(packet.first(4), 0xee);
	return {};
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	if (ctx.size() > 1500) {
		auto trimmed = ctx.adjust_tail(-static_cast<rex::s32>(ctx.size() - 1500));
		if (!trimmed)
			return rex::xdp_action::drop;
		rex::trace("now %u bytes\n", static_cast<rex::u32>(trimmed->size()));
	}
	if (!push_tag(ctx))
		return rex::xdp_action::aborted;
	if (auto first = rex::read_as<tag>(ctx.packet(), 0); first && first->bytes[0] != 0xee)
		rex::panic("tag not written");
	return rex::xdp_action::tx;
}

REX_PROGRAM(xdp_adjust, run);
