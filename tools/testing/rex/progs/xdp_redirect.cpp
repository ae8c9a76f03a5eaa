// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP program that redirects every packet to ifindex 1 (lo) with
 * xdp_ctx::redirect (scenarios/support/xdp-redirect.sh).  A test run
 * returns its action, XDP_REDIRECT (4), and sends nothing.
 */
#include <rex/rex.hpp>

static rex::xdp_action to_lo(rex::xdp_ctx &ctx)
{
	return ctx.redirect(1);
}

REX_PROGRAM(xdp_redirect, to_lo);
