// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* An accessor returning a reference to a member: f and buf live in the same scope. */
struct fields { rex::span<const rex::u8> key; rex::span<const rex::u8> &key_ref() { return key; } };
static rex::u32 on_call(rex::kprobe_ctx &)
{
	rex::u8 buf[8] = {};
	fields f{};
	f.key_ref() = rex::span<const rex::u8>(buf);
	return f.key[0];
}
REX_PROGRAM(t, on_call, .target = "do_sys_openat2");
