// SPDX-License-Identifier: GPL-2.0
/*
 * The empty XDP program of the benchmarks: passes every packet. Its eBPF
 * twin is the two instructions "r0 = XDP_PASS; exit" loaded by
 * rex-test-pin-prog.
 */
#include <rex/rex.hpp>

static rex::xdp_action pass(rex::xdp_ctx &)
{
	return rex::xdp_action::pass;
}

REX_PROGRAM(xdp_pass, pass);
