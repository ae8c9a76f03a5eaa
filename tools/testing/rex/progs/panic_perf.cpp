// SPDX-License-Identifier: GPL-2.0
/* panic_perf: panics on every sample of the perf event it is attached to. */
#include <rex/rex.hpp>

static rex::u32 run(rex::perf_event_ctx &)
{
	rex::panic("perf_event panic");
}

REX_PROGRAM(panic_perf, run);
