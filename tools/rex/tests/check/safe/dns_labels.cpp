// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>
/* DNS name parsing with string_view: labels out of the query, compare to a blocklist */
using rex::u8; using rex::usize;
constexpr rex::string_view blocked[] = {"ads", "tracker", "doubleclick"};

static rex::optional<rex::string_view> first_label(rex::span<const char> qname)
{
	if (qname.empty())
		return rex::nullopt;
	usize len = static_cast<u8>(qname[0]);
	if (len == 0 || len > 63 || len + 1 > qname.size())
		return rex::nullopt;
	return rex::string_view(qname.subspan(1, len));
}

static bool is_blocked(rex::string_view label)
{
	for (rex::string_view b : blocked)
		if (label == b)
			return true;
	return false;
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::span<u8> p = ctx.packet();
	if (p.size() < 42 + 12 + 2)
		return rex::xdp_action::pass;
	char name[64] = {};
	rex::span<const u8> q = p.subspan(42 + 12);
	usize n = rex::min(q.size(), usize{64});
	for (usize i = 0; i < n; i++)
		name[i] = static_cast<char>(q[i]);
	rex::span<const char> qn(name);
	auto label = first_label(qn.first(n));
	if (label && is_blocked(*label))
		return rex::xdp_action::drop;
	return rex::xdp_action::pass;
}
REX_PROGRAM(t, run);
