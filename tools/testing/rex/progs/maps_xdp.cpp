// SPDX-License-Identifier: GPL-2.0
/*
 * maps_xdp: pushes each packet's length into a queue map and a stack map
 * (user space pops them with bpftool: first in first out, last in first
 * out), then trims 4 bytes off the tail and 14 off the head of the packet,
 * recording the packet's length after each in result[0] and result[1].
 */
#include <rex/rex.hpp>

REX_MAP(fifo, rex::queue_map<rex::u32, 8>);
REX_MAP(lifo, rex::stack_map<rex::u32, 8>);
REX_MAP(result, rex::array_map<rex::u32, 2>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u32 length = ctx.size();

	if (!fifo.push(length) || !lifo.push(length))
		return rex::xdp_action::aborted;
	auto tail = ctx.adjust_tail(-4);
	if (!tail)
		return rex::xdp_action::aborted;
	if (!result.update(0, static_cast<rex::u32>(tail->size())))
		return rex::xdp_action::aborted;
	auto head = ctx.adjust_head(14);
	if (!head)
		return rex::xdp_action::aborted;
	if (!result.update(1, static_cast<rex::u32>(head->size())))
		return rex::xdp_action::aborted;
	return rex::xdp_action::pass;
}

REX_PROGRAM(maps_xdp, run);
