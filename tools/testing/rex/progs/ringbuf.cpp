// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf: reserves a record in events, writes the run's sequence number
 * (control[1], incremented every run) and submits it.  With
 * control[0] != 0 it panics between reserve and submit: the kernel must
 * discard the reservation, so later runs still submit (an outstanding
 * reservation would hold back every record after it).  keep_running; the
 * default return is XDP_DROP.
 */
#include <rex/rex.hpp>

struct record {
	rex::u64 sequence;
	rex::u32 length;
	rex::u32 pad;
};

REX_MAP(events, rex::ring_buffer<4096>);
REX_MAP(control, rex::array_map<rex::u64, 2>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	auto mode = control.lookup(0);
	auto sequence = control.lookup(1);
	if (!mode || !sequence)
		return rex::xdp_action::aborted;
	auto entry = events.reserve<record>();
	if (!entry)
		return rex::xdp_action::aborted; /* full */
	entry->sequence = rex::atomic_add(*sequence, 1);
	entry->length = ctx.size();
	if (*mode != 0)
		rex::panic("panic holding a ring buffer reservation");
	entry.submit();
	return rex::xdp_action::pass;
}

REX_PROGRAM(ringbuf, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
