/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * perf_event programs (BPF_PROG_TYPE_PERF_EVENT): run on each sample of a
 * perf event (a CPU clock, a hardware counter overflow) they are attached to.
 *
 *	u32 on_sample(rex::perf_event_ctx &ctx) { ... }
 *	REX_PROGRAM(sampler, on_sample);
 *
 * The context is the kernel's struct bpf_perf_event_data_kern; the counter
 * is read through a helper.
 */

#include <rex/context.hpp>
#include <rex/kernel_layout.hpp>
#include <rex/kprobe.hpp>
#include <rex/helpers.hpp>
#include <rex/optional.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

/* A counter reading, as struct bpf_perf_event_value. */
struct perf_value {
	u64 counter;
	u64 enabled; /* ns the event was enabled */
	u64 running; /* ns the event was running (counting) */
};
static_assert(sizeof(perf_value) == sizeof(bpf_perf_event_value),
	      "rex::perf_value mirrors struct bpf_perf_event_value");

class perf_event_ctx : detail::holds_address {
public:
	static constexpr u32 bpf_prog_type = BPF_PROG_TYPE_PERF_EVENT;
	static constexpr u32 bpf_attach_type = 0;

	/* The sampled event's counter, or nothing if it cannot be read. */
	optional<perf_value> read_value() const
	{
		perf_value value{};
		if (detail::kernel_call<detail::bpf_perf_prog_read_value>(ctx_, &value, u32{sizeof(value)}) != 0)
			return nullopt;
		return value;
	}

	/* The sample period of the event: events (or ns of a clock) per sample. */
	u64 sample_period() const { return detail::kernel_field<u64>(data(), detail::rex_kernel_layout.sample_period); }
	/*
	 * The sampled address, for events that record one (PERF_SAMPLE_ADDR);
	 * for others the kernel leaves the field unset: read it only from
	 * events opened with PERF_SAMPLE_ADDR (eBPF's sample addr is the same).
	 */
	u64 addr() const { return detail::kernel_field<u64>(data(), detail::rex_kernel_layout.sample_addr); }

	/*
	 * The registers the sample interrupted: where the CPU was (a profiler's
	 * histogram key), its stack pointer, and whether it was in user space.
	 */
	u64 ip() const { return regs()->ip; }
	u64 sp() const { return regs()->sp; }
	bool in_user_mode() const { return (regs()->cs & 3) != 0; }

private:
	friend detail::context_access;
	explicit perf_event_ctx(void *raw) : ctx_(raw) {}
	const detail::pt_regs *regs() const
	{
		return detail::kernel_field<const detail::pt_regs *>(ctx_, detail::rex_kernel_layout.perf_regs);
	}
	/* struct perf_sample_data * */
	const void *data() const { return detail::kernel_field<const void *>(ctx_, detail::rex_kernel_layout.perf_data); }
	void *raw() const { return ctx_; }

	void *ctx_; /* struct bpf_perf_event_data_kern * */
};

} // namespace rex
