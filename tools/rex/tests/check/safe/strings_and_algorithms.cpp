// SPDX-License-Identifier: GPL-2.0
/* rex::string_view and the small algorithms over spans and arrays. */
#include <rex/rex.hpp>

REX_MAP(by_name, rex::hash_map<rex::task_comm, rex::u64, 64>);

constexpr rex::string_view shell_prefix = "ba";
static_assert(rex::string_view("bash").starts_with(shell_prefix));
static_assert(rex::min(3, 4) == 3 && rex::clamp(9, 0, 5) == 5);

static bool is_shell(const rex::task_comm &comm)
{
	rex::string_view name(comm);
	return name == "sh" || name.ends_with("sh") || name.substr(0, 2) == shell_prefix;
}

static rex::u32 on_call(rex::kprobe_ctx &)
{
	rex::task_comm comm = rex::get_current_comm().value_or({});
	if (!is_shell(comm))
		return 0;

	rex::array<char, 16> copy = {};
	rex::copy(comm, copy);
	rex::fill(copy.as_span().subspan(8), '\0');
	if (!rex::equal(comm, copy) && rex::find(comm, '\0'))
		rex::trace("long name, %lu NULs\n", rex::count(comm, '\0'));

	rex::u64 values[4] = {5, 1, 9, 3};
	rex::u64 largest = 0;
	for (rex::u64 v : values)
		largest = rex::max(largest, v);
	rex::u64 bounded = rex::clamp(largest, rex::u64{2}, rex::u64{8});

	if (auto n = by_name.lookup(comm))
		rex::atomic_add(*n, bounded);
	else
		(void)by_name.update(comm, bounded);
	return 0;
}

REX_PROGRAM(strings, on_call, .target = "__x64_sys_getppid");
