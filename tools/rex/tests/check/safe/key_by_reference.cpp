// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

struct flow_key {
	rex::u32 src;
	rex::u32 dst;
};

REX_MAP(flows, rex::hash_map<flow_key, rex::u64, 1024>);

static rex::optional<rex::u64 &> find(const flow_key &k)
{
	return flows.lookup(k);
}

/* The key is a local, but the result views the map, not the key. */
static rex::optional<rex::u64 &> counter_for(rex::u32 src, rex::u32 dst)
{
	flow_key k{src, dst};
	return find(k);
}

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	if (auto c = counter_for(ctx.size(), 1))
		*c += 1;
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
