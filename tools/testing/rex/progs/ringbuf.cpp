// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf: reserves a record in events, writes the run's sequence number
 * (control[1], incremented every run) and submits it.  With control[0] = 1
 * it panics between reserve and submit: the kernel must discard the
 * reservation, so later runs still submit (an outstanding reservation
 * would hold back every record after it).  With control[0] = 2 it panics
 * after submit() but before the record's scope ends, where submit() takes
 * effect: the record is dropped too.  After submit() it writes the packet
 * length through a reference taken before: the record is still the
 * program's then.  keep_running; the default return is XDP_DROP.
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
	record &fields = *entry;
	fields.sequence = rex::atomic_add(*sequence, 1);
	if (*mode == 1)
		rex::panic("panic holding a ring buffer reservation");
	entry.submit();
	fields.length = ctx.size();
	if (*mode == 2)
		rex::panic("panic after submit, before the record's scope ends");
	return rex::xdp_action::pass;
}

REX_PROGRAM(ringbuf, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
