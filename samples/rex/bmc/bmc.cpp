// SPDX-License-Identifier: GPL-2.0
/*
 * bmc: an in-kernel cache in front of memcached, after BMC (Ghigoff et
 * al., NSDI 2021) and the Rex paper's port of it.  Three programs share
 * one cache map:
 *
 *   bmc_rx (XDP)  answers a UDP "get <key>\r\n" to port 11211 from the
 *                 cache, turning the request around into the reply
 *                 (XDP_TX); a miss goes on to memcached.  It also sees
 *                 the TCP requests to 11211 and drops from the cache each
 *                 key a command in them changes (set, add, replace,
 *                 append, prepend, cas, delete, incr, decr, and the meta
 *                 commands ms, md, ma); flush_all empties it.
 *   bmc_tx (TC)   on the way out, caches memcached's UDP reply to a get
 *                 of one key.
 *
 * BMC needs seven eBPF programs joined by tail calls to get past the
 * verifier; here each is a plain function with loops over the packet.
 *
 * Limits, as BMC's: IPv4 without options, the text protocol, one key per
 * get, keys of at most 250 bytes (memcached's own limit) and replies of
 * at most max_cached bytes.  An entry can outlive memcached's copy when a
 * command is split over two TCP segments, when memcached's reply to a get
 * raced with a set of the same key, when the key expires (exptime), or
 * after a delayed flush_all; BMC has the same windows.
 */
#include <rex/rex.hpp>

namespace {

constexpr rex::u16 memcached_port = 11211;
constexpr rex::usize max_key = 250;
/* "VALUE <key> <flags> <bytes>\r\n<data>\r\n" for a value of up to 1000 bytes */
constexpr rex::usize max_cached = 1300;
constexpr rex::u32 cache_entries = 1024;

struct ethernet_header {
	rex::u8 dst[6];
	rex::u8 src[6];
	rex::be16 type;
};

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

struct udp_header {
	rex::be16 sport;
	rex::be16 dport;
	rex::be16 length;
	rex::be16 checksum;
};

struct tcp_ports {
	rex::be16 sport;
	rex::be16 dport;
	rex::be32 seq;
	rex::be32 ack;
	rex::u8 data_offset; /* the header's length in words, in the high four bits */
};

/* memcached's UDP frame header, in front of every request and reply */
struct udp_frame {
	rex::be16 request_id;
	rex::be16 sequence;
	rex::be16 datagrams;
	rex::be16 reserved;
};

constexpr rex::usize eth_len = sizeof(ethernet_header);
constexpr rex::usize ip_len = sizeof(ipv4_header);
constexpr rex::usize udp_payload = eth_len + ip_len + sizeof(udp_header);
constexpr rex::usize request_start = udp_payload + sizeof(udp_frame);

static_assert(sizeof(ethernet_header) == 14 && sizeof(ipv4_header) == 20 && sizeof(udp_header) == 8 &&
	      sizeof(udp_frame) == 8);

/*
 * A cached reply: the bytes memcached sent for "get <key>" but the final
 * "END\r\n", which starts with "VALUE <key> ".  hash is the key's, to
 * tell a slot's keys apart cheaply; generation is the cache's when the
 * entry was made (flush_all moves the cache to the next one).
 */
struct entry {
	rex::u32 hash;
	rex::u32 length;
	rex::u64 generation;
	rex::u8 bytes[max_cached + 5]; /* + "END\r\n", in a copy of a reply */
};

enum stat : rex::u32 {
	get_requests,  /* UDP gets bmc_rx saw */
	hits,          /* answered from the cache */
	misses,        /* passed on to memcached */
	cached,        /* replies bmc_tx stored */
	invalidations, /* keys TCP commands dropped */
	flushes,       /* flush_all commands */
	no_room,       /* hits the frame had no room to answer: passed on */
	stat_count,
};

} // namespace

REX_MAP(cache, rex::array_map<rex::locked<entry>, cache_entries>);
/* Room to copy an entry out of the cache, or a reply out of the packet. */
REX_MAP(scratch, rex::percpu_array<entry, 1>);
REX_MAP(generation, rex::array_map<rex::u64, 1>);
REX_MAP(stats, rex::array_map<rex::u64, stat_count>);

namespace {

void count(stat which)
{
	if (auto n = stats.lookup(which))
		rex::atomic_add(*n, rex::u64{1});
}

/* FNV-1a, 32 bits, over the key. */
rex::u32 hash_of(rex::span<const rex::u8> key)
{
	rex::u32 h = 2166136261u;
	for (rex::u8 c : key) {
		h ^= c;
		h *= 16777619u;
	}
	return h;
}

rex::u64 current_generation()
{
	if (auto g = generation.lookup(0))
		return rex::atomic_load(*g);
	return 0;
}

bool starts_with(rex::span<const rex::u8> bytes, rex::string_view word)
{
	if (bytes.size() < word.size())
		return false;
	for (rex::usize i : rex::iota(word.size()))
		if (bytes[i] != static_cast<rex::u8>(word[i]))
			return false;
	return true;
}

/*
 * The key at the start of line, which ends at the first space, '\r' or
 * '\n'; nothing if it is empty, longer than max_key or not ended.
 */
rex::optional<rex::span<const rex::u8>> key_at(rex::span<const rex::u8> line)
{
	for (rex::usize i : rex::iota(rex::min(line.size(), max_key + 1))) {
		rex::u8 c = line[i];
		if (c == ' ' || c == '\r' || c == '\n') {
			if (i == 0)
				return rex::nullopt;
			return line.first(i);
		}
	}
	return rex::nullopt;
}

/* Does the cached reply in e say "VALUE <key> "? */
bool holds(const entry &e, rex::span<const rex::u8> key, rex::u32 hash)
{
	rex::span<const rex::u8> reply(e.bytes);
	if (e.hash != hash || e.length < 6 + key.size() + 1 || e.generation != current_generation())
		return false;
	return rex::equal(reply.subspan(6, key.size()), key) && reply[6 + key.size()] == ' ';
}

/* The checksum of an IPv4 header whose checksum field is zero. */
rex::u16 ipv4_checksum(rex::span<const rex::u8> header)
{
	rex::u32 sum = 0;
	for (rex::usize i : rex::iota(header.size() / 2))
		sum += static_cast<rex::u32>(header[2 * i] << 8 | header[2 * i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return static_cast<rex::u16>(~sum);
}

/* The IPv4 header of an Ethernet frame with no options, if it is one. */
rex::optional<ipv4_header &> ipv4_of(rex::span<rex::u8> packet)
{
	auto eth = rex::view_as<ethernet_header>(packet, 0);
	if (!eth || !(eth->type == rex::be16(0x0800)))
		return rex::nullopt;
	auto ip = rex::view_as<ipv4_header>(packet, eth_len);
	if (!ip || ip->version_ihl != 0x45 || (ip->fragment.host() & 0x3fff) != 0)
		return rex::nullopt;
	if (ip->total_length.host() < ip_len || ip->total_length.host() > packet.size() - eth_len)
		return rex::nullopt;
	return *ip;
}

/* Drops key from the cache, if a slot holds it. */
void invalidate(rex::span<const rex::u8> key)
{
	rex::u32 hash = hash_of(key);
	auto slot = cache.lookup(hash % cache_entries);
	if (!slot)
		return;
	bool dropped = false;
	{
		rex::spin_lock_guard guard(slot->lock);
		if (slot->data.length != 0 && slot->data.hash == hash) {
			slot->data.length = 0;
			dropped = true;
		}
	}
	if (dropped)
		count(invalidations);
}

/*
 * The commands that change a key, each followed by a space and the key.
 * A data block that happens to contain such a line drops one key too many,
 * which costs a miss, never a stale answer.
 */
constexpr rex::string_view changes[] = {
	"set ", "add ", "replace ", "append ", "prepend ", "cas ", "delete ", "incr ", "decr ",
	"ms ", "md ", "ma ", /* the meta protocol's set, delete and arithmetic */
};

/* Each line of a TCP segment to memcached that changes a key drops it. */
void invalidate_commands(rex::span<const rex::u8> payload)
{
	bool line_start = true;
	for (rex::usize i : rex::iota(payload.size())) {
		bool at = line_start;
		line_start = payload[i] == '\n';
		if (!at)
			continue;
		rex::span<const rex::u8> line = payload.subspan(i);
		if (starts_with(line, "flush_all")) {
			if (auto g = generation.lookup(0))
				rex::atomic_add(*g, rex::u64{1});
			count(flushes);
			continue;
		}
		for (rex::string_view command : changes) {
			if (!starts_with(line, command))
				continue;
			if (auto key = key_at(line.subspan(command.size())))
				invalidate(*key);
			break;
		}
	}
}

/*
 * Answers "get <key>\r\n" from the cache: the request becomes the reply,
 * sent back where it came from.
 */
rex::xdp_action get(rex::xdp_ctx &ctx, rex::span<rex::u8> packet, rex::usize end)
{
	rex::span<const rex::u8> request = packet.subspan(request_start, end - request_start);
	if (!starts_with(request, "get ")) {
		/* memcached takes the other commands over UDP too */
		invalidate_commands(request);
		return rex::xdp_action::pass;
	}
	count(get_requests);
	auto key = key_at(request.subspan(4));
	/* one key, then "\r\n" and nothing else: memcached answers the rest */
	if (!key || request.size() != 4 + key->size() + 2 || request[4 + key->size()] != '\r' ||
	    request[5 + key->size()] != '\n')
		return rex::xdp_action::pass;
	rex::u32 hash = hash_of(*key);

	auto slot = cache.lookup(hash % cache_entries);
	auto copy = scratch.lookup(0);
	if (!slot || !copy)
		return rex::xdp_action::pass;
	{
		rex::spin_lock_guard guard(slot->lock);
		if (!holds(slot->data, *key, hash)) {
			count(misses);
			return rex::xdp_action::pass;
		}
		copy->length = slot->data.length;
		rex::copy(rex::span<const rex::u8>(slot->data.bytes).first(slot->data.length), copy->bytes);
	}

	/* frame header, the cached reply, "END\r\n" */
	rex::usize size = request_start + copy->length + 5;
	auto grown = ctx.adjust_tail(static_cast<rex::s32>(size) - static_cast<rex::s32>(ctx.size()));
	if (!grown || grown->size() != size) {
		/*
		 * Under generic XDP the frame grows only into the sk_buff's
		 * tailroom, which a long reply may not fit in: memcached answers.
		 */
		count(no_room);
		return rex::xdp_action::pass;
	}
	rex::span<rex::u8> reply = *grown;

	auto eth = rex::view_as<ethernet_header>(reply, 0);
	auto ip = rex::view_as<ipv4_header>(reply, eth_len);
	auto udp = rex::view_as<udp_header>(reply, eth_len + ip_len);
	auto frame = rex::view_as<udp_frame>(reply, udp_payload);
	if (!eth || !ip || !udp || !frame)
		return rex::xdp_action::aborted;
	for (rex::usize i : rex::iota(rex::usize{6})) {
		rex::u8 byte = eth->dst[i];
		eth->dst[i] = eth->src[i];
		eth->src[i] = byte;
	}
	rex::be32 saddr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = saddr;
	ip->total_length = rex::be16(static_cast<rex::u16>(size - eth_len));
	ip->ttl = 64;
	ip->checksum = rex::be16(0);
	ip->checksum = rex::be16(ipv4_checksum(reply.subspan(eth_len, ip_len)));
	rex::be16 sport = udp->sport;
	udp->sport = udp->dport;
	udp->dport = sport;
	udp->length = rex::be16(static_cast<rex::u16>(size - eth_len - ip_len));
	udp->checksum = rex::be16(0); /* none: allowed over IPv4 */
	frame->sequence = rex::be16(0);
	frame->datagrams = rex::be16(1);
	frame->reserved = rex::be16(0);

	rex::span<rex::u8> payload = reply.subspan(request_start);
	rex::copy(rex::span<const rex::u8>(copy->bytes).first(copy->length), payload);
	const rex::u8 end_line[] = {'E', 'N', 'D', '\r', '\n'};
	rex::copy(end_line, payload.subspan(copy->length));
	count(hits);
	return rex::xdp_action::tx;
}

rex::xdp_action rx(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();
	auto ip = ipv4_of(packet);
	if (!ip)
		return rex::xdp_action::pass;
	rex::usize end = eth_len + ip->total_length.host();
	rex::usize l4 = eth_len + ip_len;

	if (ip->protocol == 17) {
		auto udp = rex::read_as<udp_header>(packet, l4);
		if (!udp || udp->dport.host() != memcached_port || end < request_start ||
		    udp->length.host() != end - l4)
			return rex::xdp_action::pass;
		return get(ctx, packet, end);
	}
	if (ip->protocol == 6) {
		auto tcp = rex::read_as<tcp_ports>(packet, l4);
		if (!tcp || tcp->dport.host() != memcached_port)
			return rex::xdp_action::pass;
		rex::usize data = l4 + 4 * rex::usize{static_cast<rex::u8>(tcp->data_offset >> 4)};
		if (data < l4 + 20 || data > end)
			return rex::xdp_action::pass;
		invalidate_commands(packet.subspan(data, end - data));
	}
	return rex::xdp_action::pass;
}

/*
 * The decimal number at bytes[at], and where it ends; nothing if there
 * are no digits or more than nine.
 */
rex::optional<rex::usize> number_end(rex::span<const rex::u8> bytes, rex::usize at, rex::u32 &value)
{
	value = 0;
	for (rex::usize i : rex::iota(at, rex::min(bytes.size(), at + 10))) {
		rex::u8 c = bytes[i];
		if (c < '0' || c > '9')
			return i == at ? rex::nullopt : rex::optional<rex::usize>(i);
		if (i == at + 9)
			return rex::nullopt;
		value = value * 10 + (c - '0');
	}
	return rex::nullopt;
}

/*
 * Is reply, from its key's end on, " <flags> <bytes>\r\n", then that many
 * bytes of data and "\r\n" to its end?  (A gets reply has a cas field
 * too; a multi-key get's has a second VALUE line.)
 */
bool one_value(rex::span<const rex::u8> reply, rex::usize at)
{
	rex::u32 flags = 0, bytes = 0;
	if (reply.size() <= at || reply[at] != ' ')
		return false;
	auto flags_end = number_end(reply, at + 1, flags);
	if (!flags_end || *flags_end >= reply.size() || reply[*flags_end] != ' ')
		return false;
	auto bytes_end = number_end(reply, *flags_end + 1, bytes);
	if (!bytes_end || !starts_with(reply.subspan(*bytes_end), "\r\n"))
		return false;
	return *bytes_end + 2 + bytes + 2 == reply.size();
}

/*
 * memcached's reply to a get of one key, "VALUE <key> <flags> <bytes>\r\n
 * <data>\r\nEND\r\n", goes into the cache.  The reply is copied into this
 * CPU's scratch entry first (a kernel call), then into the slot under its
 * lock (no kernel call may be made while a lock is held).
 */
rex::tc_action tx(rex::tc_ctx &ctx)
{
	if (ctx.protocol() != 0x0800)
		return rex::tc_action::ok;
	auto ip = ctx.load<ipv4_header>(eth_len);
	if (!ip || ip->version_ihl != 0x45 || ip->protocol != 17 || (ip->fragment.host() & 0x3fff) != 0)
		return rex::tc_action::ok;
	auto udp = ctx.load<udp_header>(eth_len + ip_len);
	if (!udp || udp->sport.host() != memcached_port)
		return rex::tc_action::ok;
	auto frame = ctx.load<udp_frame>(udp_payload);
	if (!frame || frame->datagrams.host() != 1)
		return rex::tc_action::ok;
	rex::usize end = eth_len + ip->total_length.host();
	if (end > ctx.len() || end < request_start + 5 + 6 || end - request_start - 5 > max_cached)
		return rex::tc_action::ok;
	rex::u32 length = static_cast<rex::u32>(end - request_start - 5);

	auto copy = scratch.lookup(0);
	if (!copy)
		return rex::tc_action::ok;
	rex::span<rex::u8> bytes(copy->bytes);
	if (!ctx.load_bytes(static_cast<rex::u32>(request_start), bytes.first(length + 5)))
		return rex::tc_action::ok;
	rex::span<const rex::u8> reply = bytes.first(length);
	const rex::u8 end_line[] = {'\r', '\n', 'E', 'N', 'D', '\r', '\n'};
	if (!starts_with(reply, "VALUE ") || !rex::equal(bytes.subspan(length - 2, 7), end_line))
		return rex::tc_action::ok;
	auto key = key_at(reply.subspan(6));
	/* one VALUE line, whose data ends where the reply does */
	if (!key || !one_value(reply, 6 + key->size()))
		return rex::tc_action::ok;
	rex::u32 hash = hash_of(*key);
	rex::u64 now = current_generation();

	auto slot = cache.lookup(hash % cache_entries);
	if (!slot)
		return rex::tc_action::ok;
	{
		rex::spin_lock_guard guard(slot->lock);
		slot->data.hash = hash;
		slot->data.generation = now;
		slot->data.length = length;
		rex::copy(reply, slot->data.bytes);
	}
	count(cached);
	return rex::tc_action::ok;
}

} // namespace

REX_PROGRAM(bmc_rx, rx);
REX_PROGRAM(bmc_tx, tx);
