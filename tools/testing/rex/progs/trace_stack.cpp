// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe on getppid that copies its kernel stack with rex::get_stack and
 * traces a line with 6 arguments, which rex::trace sends through
 * bpf_trace_vprintk (scenarios/support/trace-stack.sh):
 *
 *	rex-trace-stack pid <tgid> frames <n>: -7 beef 1234567890abcdef Z
 *
 * out[], as of the last call:
 *
 *	0  the frames get_stack copied (of at most 16)
 *	1  get_stack's errno, 0 if it succeeded
 *	2  what trace returned: the bytes of the line, or 1000 + errno
 *	3  how many of the copied frames are kernel addresses (upper 32 bits set)
 *	4  1 if every element after the copied frames is 0, else 2
 */
#include <rex/rex.hpp>

using rex::u32;
using rex::u64;

REX_MAP(out, rex::array_map<u64, 8>);

static void set(u32 slot, u64 value)
{
	if (auto field = out.lookup(slot))
		*field = value;
}

static u32 on_getppid(rex::kprobe_ctx &ctx)
{
	rex::array<u64, 16> frames{};
	auto copied = rex::get_stack(ctx, frames.as_span());
	rex::usize n = copied.value_or(0);

	set(0, n);
	set(1, copied ? 0 : static_cast<u64>(copied.error()));
	long written = rex::trace("rex-trace-stack pid %u frames %lu: %d %x %llx %c\n", rex::current_tgid(), n, -7,
				  0xbeefu, u64{0x1234567890abcdef}, 'Z');
	set(2, written >= 0 ? static_cast<u64>(written) : 1000 + static_cast<u64>(-written));

	u64 in_kernel = 0;
	bool rest_zero = true;
	for (rex::usize i : rex::iota(rex::usize{0}, frames.size())) {
		if (i >= n)
			rest_zero = rest_zero && frames[i] == 0;
		else if (frames[i] >> 32 == 0xffffffff)
			in_kernel++;
	}
	set(3, in_kernel);
	set(4, rest_zero ? 1 : 2);
	return 0;
}

REX_PROGRAM(trace_stack, on_getppid, .target = "__x64_sys_getppid");
