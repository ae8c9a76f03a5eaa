// SPDX-License-Identifier: GPL-2.0
/* Errors as values: rex::result, REX_TRY, and a queue that can be full. */
#include <rex/rex.hpp>

enum class parse_error : rex::u32 { too_short, not_ipv4 };

struct ipv4_start {
	rex::u8 version_ihl;
	rex::u8 tos;
	rex::u16 length;
};

REX_MAP(pending, rex::queue_map<rex::u32, 64>);
REX_MAP(undo, rex::stack_map<rex::u64, 16>);

static rex::result<ipv4_start, parse_error> parse(rex::span<const rex::u8> packet)
{
	auto header = rex::read_as<ipv4_start>(packet, 14);
	if (!header)
		return parse_error::too_short;
	if ((header->version_ihl >> 4) != 4)
		return parse_error::not_ipv4;
	return *header;
}

static rex::result<rex::u32, parse_error> header_length(rex::span<const rex::u8> packet)
{
	ipv4_start header = REX_TRY(parse(packet));
	return static_cast<rex::u32>(header.version_ihl & 0xf) * 4;
}

static rex::result<void> remember(rex::u32 length)
{
	REX_TRY(pending.push(length));
	REX_TRY(undo.push(rex::ktime_get_ns(), rex::push_mode::overwrite_oldest));
	return {};
}

static rex::result<rex::u32> oldest()
{
	if (auto length = pending.pop())
		return *length;
	return rex::error::no_entry;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	auto length = header_length(ctx.packet());
	if (!length)
		return length.error() == parse_error::too_short ? rex::xdp_action::drop : rex::xdp_action::pass;
	if (auto stored = remember(*length); !stored)
		rex::trace("queue full: %d\n", stored.error());
	rex::u32 first = oldest().value_or(0);
	if (auto last = undo.peek())
		rex::trace("oldest %u, last at %llu\n", first, *last);
	return rex::xdp_action::pass;
}

REX_PROGRAM(result_try, run);
