// SPDX-License-Identifier: GPL-2.0
/*
 * panic_keep: as panic_xdp, but declared keep_running: it stays enabled
 * after a panic.  runs[0] counts the runs that got as far as the panic, so
 * N test runs leave runs[0] == N and N panic reports.
 */
#include <rex/rex.hpp>

REX_MAP(runs, rex::array_map<rex::u64, 1>);

static rex::xdp_action run(rex::xdp_ctx &)
{
	if (auto count = runs.lookup(0))
		rex::atomic_add(*count, 1);
	rex::panic("test panic, keep running");
}

REX_PROGRAM(panic_keep, run, .default_ret = rex::xdp_action::drop, .keep_running = true);
