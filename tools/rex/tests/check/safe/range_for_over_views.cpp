// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* Views in an array, each bound in a range-for to a name of the same scope. */
using rex::u32;

static u32 probe(rex::kprobe_ctx &)
{
	rex::task_comm comm = rex::get_current_comm().value_or({});
	rex::string_view name(comm);
	rex::string_view parts[2];
	for (auto &p : parts)
		p = name;
	if (auto slash = name.find('/')) {
		parts[0] = name.substr(0, *slash);
		parts[1] = name.substr(*slash + 1);
	}
	return parts[0] == "kworker" ? 1 : 0;
}
REX_PROGRAM(t, probe, .target = "__x64_sys_getppid");
