// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct event {
	rex::u64 value;
};

REX_MAP(events, rex::ring_buffer<4096>);

/*
 * The record goes to user space at the end of its scope; kept is written
 * after that, into memory that is the consumer's.
 */
static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::optional<event &> kept;
	{
		auto entry = events.reserve<event>();
		if (!entry)
			return rex::xdp_action::aborted;
		kept = *entry;
		entry.submit();
	}
	kept->value = ctx.size();
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
