// SPDX-License-Identifier: GPL-2.0
/* The resources of the Rex runtime: a lock guard, a ring-buffer record, a task handle, a panic. */
#include <rex/rex.hpp>

struct account {
	rex::u32 packets;
	rex::u64 bytes;
};

struct event {
	rex::u32 pid;
	rex::u32 tgid;
	rex::u64 bytes;
};

REX_MAP(accounts, rex::array_map<rex::locked<account>, 1>);
REX_MAP(events, rex::ring_buffer<16 * 4096>);

static rex::u64 count(rex::u32 bytes)
{
	auto acct = accounts.lookup(0);
	if (!acct)
		rex::panic("array map without index 0");
	rex::spin_lock_guard guard(acct->lock);
	acct->data.packets += 1;
	acct->data.bytes += bytes;
	return acct->data.bytes;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::u64 total = count(ctx.size());
	auto record = events.reserve<event>();
	if (!record)
		return rex::xdp_action::pass;
	if (auto task = rex::current_task()) {
		record->pid = task.pid();
		record->tgid = task.tgid();
	}
	record->bytes = total;
	if (total % 2)
		record.submit();
	/* else discarded when record goes out of scope */
	return rex::xdp_action::pass;
}

REX_PROGRAM(resources, run);
