// SPDX-License-Identifier: GPL-2.0
/*
 * support_helpers: the support layer's byte order, search, for_each, iota,
 * view_as, map results, percpu_hash and the time, NUMA and random helpers,
 * on rex-test-run's frame (zeroed, byte 12 = 0x08, byte 14 = 0x45).  Each
 * result goes to out[i]; support/support-helpers.sh checks them:
 *
 *	0  the EtherType, read as a be16                   0x0800
 *	1  bytes 12-15 as a be32                           0x08004500
 *	2  search for 08 00 45                             12
 *	3  search for 45 01 (absent), value_or(999)        999
 *	4  the sum of the bytes, by for_each               0x08 + 0x45
 *	5  the sum of the indexes of nonzero bytes, iota   12 + 14
 *	6  view_as checks: 1 if a u32 at odd offset 13 is refused, +2 if one
 *	   at 12 is given (the frame starts 256 bytes into a kmalloc'ed
 *	   page), +4 if one at the end (offset = size) is refused
 *	7  bytes 18-19 after writing id = be16(0x1234) in place   0x1234
 *	8  byte 22 after writing ttl = 64 in place                64
 *	9  total_length written as be16(size - 14), read back
 *	10 ktime_get_coarse_ns(), 11 ktime_get_ns(), 12 ktime_get_boot_ns(),
 *	   taken in that order
 *	13 jiffies64()
 *	14 get_numa_node_id() + 1 (0 would look like an unwritten element)
 *	15, 16 two get_prandom_u32()
 *	17 the errno of out.update(20, ...), past the end    E2BIG
 *	18 the errno of removing an absent percpu_hash key   ENOENT
 *
 * per_cpu[7] (percpu_hash) adds the packet size on each run: user space
 * sums the CPUs' values.  per_cpu[8] is created and removed again.
 * Returns XDP_PASS, or XDP_ABORTED if a step fails unexpectedly.
 */
#include <rex/rex.hpp>

using rex::u8;
using rex::u32;
using rex::u64;

REX_MAP(out, rex::array_map<u64, 20>);
REX_MAP(per_cpu, rex::percpu_hash<u32, u64, 16>);

/* The start of an IPv4 header: u8 and beN fields, so alignment 1. */
struct ipv4_start {
	u8 version_ihl;
	u8 tos;
	rex::be16 total_length;
	rex::be16 id;
	rex::be16 fragment;
	u8 ttl;
	u8 protocol;
};
static_assert(alignof(ipv4_start) == 1 && sizeof(ipv4_start) == 10);

static bool put(u32 index, u64 value)
{
	return out.update(index, value).has_value();
}

static u64 errno_of(rex::result<void> r)
{
	return r ? 0 : static_cast<u64>(r.error());
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<u8> packet = ctx.packet();
	u32 size = ctx.size();

	auto proto = rex::read_as<rex::be16>(packet, 12);
	auto word = rex::read_as<rex::be32>(packet, 12);
	if (!proto || !word || !(*proto == rex::be16(0x0800)))
		return rex::xdp_action::aborted;
	bool ok = put(0, proto->host()) && put(1, word->host());

	const u8 ipv4[] = {0x08, 0x00, 0x45};
	const u8 absent[] = {0x45, 0x01};
	ok = ok && put(2, rex::search(packet, ipv4).value_or(999)) && put(3, rex::search(packet, absent).value_or(999));

	u64 sum = 0;
	rex::for_each(packet, [&](u8 b) { sum += b; });
	u64 indexes = 0;
	for (u32 i : rex::iota(0u, size))
		if (packet[i] != 0)
			indexes += i;
	ok = ok && put(4, sum) && put(5, indexes);

	u64 views = 0;
	views += rex::view_as<u32>(packet, 13) ? 0 : 1;
	views += rex::view_as<u32>(packet, 12) ? 2 : 0;
	views += rex::view_as<u32>(packet, size) ? 0 : 4;
	ok = ok && put(6, views);

	auto ip = rex::view_as<ipv4_start>(packet, 14);
	if (!ip)
		return rex::xdp_action::aborted;
	ip->id = rex::be16(0x1234);
	ip->ttl = 64;
	ip->total_length = rex::be16(static_cast<rex::u16>(size - 14));
	auto length = rex::read_as<rex::be16>(packet, 16);
	ok = ok && put(7, u64{packet[18]} << 8 | packet[19]) && put(8, packet[22]) && length && put(9, length->host());

	u64 coarse = rex::ktime_get_coarse_ns();
	u64 mono = rex::ktime_get_ns();
	u64 boot = rex::ktime_get_boot_ns();
	ok = ok && put(10, coarse) && put(11, mono) && put(12, boot) && put(13, rex::jiffies64()) &&
	     put(14, u64{rex::get_numa_node_id()} + 1) && put(15, rex::get_prandom_u32()) &&
	     put(16, rex::get_prandom_u32());

	ok = ok && put(17, errno_of(out.update(20, 1)));

	if (auto bytes = per_cpu.lookup(7))
		*bytes += size;
	else
		ok = ok && per_cpu.update(7, size, rex::update_mode::create_only);
	ok = ok && per_cpu.update(8, 1) && per_cpu.remove(8) && put(18, errno_of(per_cpu.remove(8)));

	return ok ? rex::xdp_action::pass : rex::xdp_action::aborted;
}

REX_PROGRAM(support_helpers, run);
