// SPDX-License-Identifier: GPL-2.0
/* Spreading packets over the devices of a dev_map, or handing them to another CPU. */
#include <rex/rex.hpp>

REX_MAP(ports, rex::dev_map<8>);
REX_MAP(cpus, rex::cpu_map<4>);

static rex::xdp_action spread(rex::xdp_ctx &ctx)
{
	auto first = rex::read_as<rex::u8>(ctx.packet(), 0);
	if (!first)
		return rex::xdp_action::drop;
	if (*first & 1)
		return cpus.redirect(ctx, rex::get_smp_processor_id() ^ 1, rex::redirect_fallback::pass);
	return ports.redirect(ctx, *first % 8, rex::redirect_fallback::drop);
}

REX_PROGRAM(xdp_spread, spread);
