// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct eth_header {
	rex::u8 dst[6];
	rex::u8 src[6];
	rex::u16 proto;
};

enum class verdict : rex::u32 { keep, drop };

REX_MAP(protos, rex::hash_map<rex::u16, rex::u64, 64>);

static verdict classify(rex::span<rex::u8> packet)
{
	auto header = rex::read_as<eth_header>(packet, 0);
	if (!header)
		return verdict::drop;
	rex::u64 sum = 0;
	for (rex::u8 byte : packet)
		sum += byte;
	auto bump = [&sum](auto amount) { sum += amount; };
	bump(header->proto);
	switch (header->proto) {
	case 0x0008:
		return verdict::keep;
	default:
		break;
	}
	return sum ? verdict::keep : verdict::drop;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<rex::u8> packet = ctx.packet();
	verdict v = classify(packet);
	if (auto count = protos.lookup(1))
		rex::atomic_add(*count, 1);
	rex::trace("verdict %u", static_cast<rex::u32>(v));
	return v == verdict::keep ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
