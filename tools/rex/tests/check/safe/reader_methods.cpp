// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* A packet reader with methods reading fields into out-parameters. */
struct reader {
	rex::span<rex::u8> rest;

	bool read_u16(rex::u16 &out)
	{
		if (rest.size() < 2)
			return false;
		out = static_cast<rex::u16>(rest[0] << 8 | rest[1]);
		rest = rest.subspan(2);
		return true;
	}
};

static rex::xdp_action run(rex::xdp_ctx &ctx)
{
	reader r{ctx.packet()};
	rex::u32 sum = 0;
	for (int i = 0; i < 4; i++) {
		rex::u16 word = 0;
		if (!r.read_u16(word))
			break;
		sum += word;
	}
	return sum ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
