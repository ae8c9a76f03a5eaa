/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Tracepoint programs (BPF_PROG_TYPE_TRACEPOINT): run when the kernel hits a
 * static tracepoint, the attach target "category/event".
 *
 * The context is the event's raw trace record, laid out as
 * /sys/kernel/tracing/events/<category>/<event>/format says.  Describe it as
 * a plain struct and name it in the context type:
 *
 *	struct exec_record {
 *		rex::u64 common;        // the common fields; see below
 *		rex::u32 filename_loc;  // __data_loc char[] filename
 *		rex::s32 pid;
 *		rex::s32 old_pid;
 *	};
 *	u32 on_exec(rex::tracepoint_ctx<exec_record> &ctx) { ... ctx.record().pid ... }
 *	REX_PROGRAM(exec, on_exec, .target = "sched/sched_process_exec");
 *
 * The first 8 bytes (the common_* fields) are not the event's: before it
 * runs BPF programs, the kernel stores a struct pt_regs pointer there
 * (perf_trace_run_bpf_submit).
 */

#include <rex/context.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/* For a program that uses no field of the record. */
struct no_record {
	u64 common;
};

template <typename Record = no_record>
class tracepoint_ctx : detail::holds_address {
	static_assert(is_plain_data<Record>,
		      "rex::tracepoint_ctx<Record>: Record must be plain data (trivially copyable, "
		      "standard layout, no pointers) mirroring the event's format file");
	static_assert(sizeof(Record) >= 8, "rex::tracepoint_ctx<Record>: a trace record starts with 8 bytes "
					   "of common fields; start Record with a u64 for them");
	/* PERF_MAX_TRACE_SIZE (include/linux/trace_events.h): no record is larger. */
	static_assert(sizeof(Record) <= 8192, "rex::tracepoint_ctx<Record>: a trace record has at most "
					      "8192 bytes (PERF_MAX_TRACE_SIZE): Record cannot mirror the event's");

public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_TRACEPOINT;
	static constexpr u32 bpf_attach_type = 0;

	/* The event's record. */
	const Record &record() const { return *record_; }

private:
	friend detail::context_access;
	explicit tracepoint_ctx(void *raw) : record_(static_cast<Record *>(raw)) {}
	void *raw() const { return record_; }

	Record *record_; /* read-only to the program: record() is const */
};

} // namespace rex
