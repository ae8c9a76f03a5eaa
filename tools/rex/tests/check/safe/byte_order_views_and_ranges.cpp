// SPDX-License-Identifier: GPL-2.0
/*
 * Network byte order, headers viewed in place, search/for_each/iota, the
 * result of map updates, percpu_hash, typed kprobe arguments and the
 * time, NUMA and random helpers.
 */
#include <rex/rex.hpp>

struct ipv4_header {
	rex::u8 version_ihl;
	rex::u8 tos;
	rex::be16 total_length;
	rex::be16 id;
	rex::be16 fragment;
	rex::u8 ttl;
	rex::u8 protocol;
	rex::be16 checksum;
	rex::be32 saddr;
	rex::be32 daddr;
};
static_assert(alignof(ipv4_header) == 1 && sizeof(ipv4_header) == 20);

/* lseek(2)'s whence, as ksys_lseek(unsigned int fd, off_t offset, unsigned int whence) takes it. */
enum class whence : rex::u32 { set, current, end };

REX_MAP(bytes_by_src, rex::percpu_hash<rex::be32, rex::u64, 1024>);
REX_MAP(stats, rex::array_map<rex::u64, 4>);
REX_MAP(seeks, rex::hash_map<rex::u32, rex::u64, 64>);
REX_MAP(errors, rex::percpu_hash<rex::u32, rex::u64, 64>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();
	auto proto = rex::read_as<rex::be16>(packet, 12);
	if (!proto || !(*proto == rex::be16(0x0800)))
		return rex::xdp_action::pass;

	auto ip = rex::view_as<ipv4_header>(packet, 14);
	if (!ip)
		return rex::xdp_action::drop;
	if (ip->ttl <= 1)
		return rex::xdp_action::drop;
	ip->ttl--;
	ip->total_length = rex::be16(static_cast<rex::u16>(ctx.size() - 14));

	const rex::u8 marker[] = {0xde, 0xad};
	if (auto at = rex::search(packet, marker))
		rex::trace("marker at %lu\n", *at);

	rex::u64 sum = 0;
	rex::for_each(packet.subspan(14), [&](rex::u8 b) { sum += b; });
	for (rex::u32 i : rex::iota(0u, 6u))
		packet[i] = 0xff;
	for (rex::u32 i : rex::iota(4u))
		sum += i;

	if (auto n = bytes_by_src.lookup(ip->saddr))
		*n += ctx.size();
	else if (!bytes_by_src.update(ip->saddr, ctx.size(), rex::update_mode::create_only))
		rex::trace("table full or raced\n");

	rex::result<void> stored = stats.update(0, sum);
	if (!stored && stored.error() == rex::error::too_big)
		return rex::xdp_action::aborted;
	(void)stats.update(1, rex::ktime_get_coarse_ns());
	(void)stats.update(2, rex::get_prandom_u32() % 100 == 0 ? rex::ktime_get_boot_ns() : rex::jiffies64());
	(void)stats.update(3, rex::get_numa_node_id());
	return rex::xdp_action::pass;
}

static rex::u32 on_seek(rex::kprobe_ctx &ctx)
{
	rex::u32 fd = ctx.arg<0, rex::u32>();
	rex::s64 offset = ctx.arg<1, rex::s64>();
	if (ctx.arg<2, whence>() != whence::end)
		return 0;
	if (offset == 0 && !seeks.remove(fd))
		return 1;                       /* was not there: error::no_entry */
	if (auto n = seeks.lookup(fd))
		rex::atomic_add(*n, rex::u64{1});
	else if (auto r = seeks.update(fd, 1); !r)
		rex::trace("update failed: %d\n", static_cast<int>(r.error()));
	rex::string_view name("kworker/0:1");
	return name.find("/0") ? 2 : 0;
}

static rex::u32 on_seek_return(rex::kprobe_ctx &ctx)
{
	long ret = ctx.return_value<long>();
	if (ret < 0)
		(void)errors.update(static_cast<rex::u32>(-ret), 1);
	return 0;
}

REX_PROGRAM(views, run);
REX_PROGRAM(seek, on_seek, .target = "ksys_lseek");
REX_PROGRAM(seek_ret, on_seek_return, .target = "ksys_lseek%return");
