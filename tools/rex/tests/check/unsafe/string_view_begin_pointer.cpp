// expect: raw-pointer
// SPDX-License-Identifier: GPL-2.0
/* string_view's iterators are for range-for: taking one is a raw pointer. */
#include <rex/rex.hpp>

static rex::u32 run(rex::kprobe_ctx &)
{
	rex::string_view name("bash");
	auto first = name.begin();
	return *first == 'b';
}

REX_PROGRAM(t, run, .target = "__x64_sys_getppid");
