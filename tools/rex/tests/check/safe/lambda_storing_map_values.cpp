// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Lambdas given to rex::for_each keep map values, never the range they are given. */

REX_MAP(counts, rex::hash_map<rex::u32, rex::u64, 64>);

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	rex::optional<rex::u64 &> best;
	rex::for_each(rex::array<rex::u32, 3>{22, 80, 443}, [&best](rex::u32 port) {
		if (auto c = counts.lookup(port))
			best = c;
	});
	if (ctx.size() > 64) {
		rex::u32 more[2] = {8080, 8443};
		rex::for_each(more, [&best](rex::u32 port) {
			if (auto c = counts.lookup(port))
				best = c;
		});
	}
	if (best)
		*best += ctx.size();
	return rex::xdp_action::pass;
}

REX_PROGRAM(t, run);
