// SPDX-License-Identifier: GPL-2.0
/*
 * perf_count: counts perf event samples per CPU.  samples[cpu] is the
 * number of samples taken on that CPU (CPUs 0-7; others are not counted).
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

constexpr u32 max_cpus = 8;

REX_MAP(samples, rex::array_map<u64, max_cpus>);

static u32 count_sample(rex::perf_event_ctx &)
{
	/* Only this CPU writes its slot, and samples do not nest: no atomics. */
	if (auto count = samples.lookup(rex::get_smp_processor_id()))
		*count += 1;
	return 0;
}

REX_PROGRAM(perf_count, count_sample);
