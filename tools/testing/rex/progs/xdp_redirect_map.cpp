// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP program that redirects through a dev_map or a cpu_map
 * (scenarios/support/xdp-redirect-map.sh).  control[0] picks the map (0:
 * ports, a dev_map; 1: cpus, a cpu_map), control[1] the slot; an empty
 * slot gives the fallback, XDP_PASS for ports and XDP_DROP for cpus.
 */
#include <rex/rex.hpp>

REX_MAP(ports, rex::dev_map<4>);
REX_MAP(cpus, rex::cpu_map<2>);
REX_MAP(control, rex::array_map<rex::u64, 2>);

static rex::xdp_action forward(rex::xdp_ctx &ctx)
{
	rex::u64 which = 0, slot = 0;
	if (auto value = control.lookup(0))
		which = *value;
	if (auto value = control.lookup(1))
		slot = *value;
	if (which == 1)
		return cpus.redirect(ctx, static_cast<rex::u32>(slot), rex::redirect_fallback::drop);
	return ports.redirect(ctx, static_cast<rex::u32>(slot), rex::redirect_fallback::pass);
}

REX_PROGRAM(xdp_redir_map, forward);
