// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* IPv6 extension header walker: returns the span of the upper-layer payload */
using rex::u8; using rex::usize;
struct ip6_hdr { u8 vtc[4]; rex::be16 plen; u8 nxt; u8 hlim; u8 src[16]; u8 dst[16]; };
struct ext_hdr { u8 nxt; u8 len; };
struct upper { u8 proto; rex::span<const u8> payload; };

static rex::optional<upper> walk(rex::span<const u8> ip6)
{
	auto h = rex::read_as<ip6_hdr>(ip6, 0);
	if (!h)
		return rex::nullopt;
	u8 nxt = h->nxt;
	rex::span<const u8> rest = ip6.subspan(sizeof(ip6_hdr));
	for (int i = 0; i < 8; i++) {
		if (nxt != 0 && nxt != 43 && nxt != 60 && nxt != 44)
			return upper{nxt, rest};
		auto e = rex::read_as<ext_hdr>(rest, 0);
		if (!e)
			return rex::nullopt;
		usize len = nxt == 44 ? 8 : (usize(e->len) + 1) * 8;
		if (len > rest.size())
			return rex::nullopt;
		nxt = e->nxt;
		rest = rest.subspan(len);
	}
	return rex::nullopt;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<const u8> p = ctx.packet();
	if (p.size() < 14)
		return rex::xdp_action::pass;
	auto u = walk(p.subspan(14));
	if (u && u->proto == 17 && u->payload.size() >= 8 && u->payload[2] == 0)
		return rex::xdp_action::drop;
	return rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
