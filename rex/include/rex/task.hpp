/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A counted reference to a kernel task, released when the handle goes out
 * of scope (or by the kernel, if the program panics while holding it):
 *
 *	if (auto task = rex::current_task())
 *		rex::trace("pid %u tgid %u\n", task.pid(), task.tgid());
 *
 * For the ids of the current task alone, rex::current_pid() and
 * rex::current_tgid() (helpers.hpp) are cheaper: they take no reference.
 */

#include <rex/helpers.hpp>
#include <rex/kernel_layout.hpp>
#include <rex/panic.hpp>
#include <rex/runtime.hpp>
#include <rex/types.hpp>

namespace rex {

class task {
public:
	task(task &&other) : task_(other.task_) { other.task_ = nullptr; }
	task(const task &) = delete;
	task &operator=(const task &) = delete;
	~task()
	{
		if (task_)
			detail::kernel_call<detail::rex_task_put>(task_);
	}

	/* Does the handle hold a task? */
	bool has_value() const { return task_ != nullptr; }
	explicit operator bool() const { return task_ != nullptr; }

	/* The thread id as user space knows it (the kernel's pid). */
	u32 pid(source_location where = source_location::current()) const
	{
		return static_cast<u32>(pid_tgid(where));
	}
	/* The process id as user space knows it (the kernel's tgid). */
	u32 tgid(source_location where = source_location::current()) const
	{
		return static_cast<u32>(pid_tgid(where) >> 32);
	}
	/*
	 * The name of the task's executable (task_struct->comm), always
	 * NUL-terminated. The task may rename itself meanwhile: the copy is
	 * then the old name, the new one, or a mix, as for eBPF's
	 * bpf_get_current_comm.
	 */
	task_comm comm(source_location where = source_location::current()) const
	{
		if (!task_) [[unlikely]]
			detail::panic_at("use of an empty rex::task", where);
		task_comm name;
		__builtin_memcpy(&name.elements[0], reinterpret_cast<const char *>(task_) + detail::rex_kernel_layout.task_comm,
				 sizeof(name.elements));
		name.elements[sizeof(name.elements) - 1] = 0;
		return name;
	}

private:
	friend task current_task();
	explicit task(detail::task_struct *t) : task_(t) {}

	u64 pid_tgid(source_location where) const
	{
		if (!task_) [[unlikely]]
			detail::panic_at("use of an empty rex::task", where);
		return detail::kernel_call<detail::rex_task_pid_tgid>(task_);
	}

	detail::task_struct *task_;
};

/* The task the program runs in, or an empty handle if there is none to take. */
inline task current_task()
{
	return task(detail::kernel_call<detail::rex_task_get_current>());
}

} // namespace rex
