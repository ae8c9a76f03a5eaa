// SPDX-License-Identifier: GPL-2.0
/*
 * tc_count: a TC classifier that counts the packets passing a device's
 * ingress or egress hook in packets[0], and lets every packet through.
 */
#include <rex/rex.hpp>

REX_MAP(packets, rex::array_map<rex::u64, 1>);

static rex::tc_action count_packet(rex::tc_ctx &)
{
	if (auto count = packets.lookup(0))
		rex::atomic_add(*count, 1);
	return rex::tc_action::ok;
}

REX_PROGRAM(tc_count, count_packet, .default_ret = rex::tc_action::ok);
