// SPDX-License-Identifier: GPL-2.0
/*
 * A task's name (task_struct->comm), in a kprobe on getppid, read by the
 * support layer through the kernel's layout table (rex/kernel_layout.hpp)
 * and stored in fields[] for scenarios/support/ctx-fields.sh:
 *
 *	10 the first 8 bytes of task::comm()
 *	11 1 if task::comm() is get_current_comm(), else 2
 */
#include <rex/rex.hpp>

using rex::u64;

REX_MAP(fields, rex::array_map<u64, 16>);

static void set(rex::u32 slot, u64 value)
{
	if (auto field = fields.lookup(slot))
		*field = value;
}

static rex::u32 kp_comm(rex::kprobe_ctx &)
{
	rex::task task = rex::current_task();

	if (!task)
		return 0;
	rex::task_comm name = task.comm();
	u64 head = 0;
	for (rex::u32 i = 0; i < 8; i++)
		head |= static_cast<u64>(static_cast<rex::u8>(name[i])) << (8 * i);
	set(10, head);
	auto current = rex::get_current_comm();
	bool same = current.has_value();
	for (rex::u32 i = 0; same && i < 16; i++)
		same = name[i] == (*current)[i];
	set(11, same ? 1 : 2);
	return 0;
}

REX_PROGRAM(kp_comm, kp_comm, .target = "__x64_sys_getppid");
