/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What happens when a program breaks a contract of the support layer (an
 * index out of bounds, an empty optional read): it stops, with the place in
 * the program's source that did it.
 */

#include <rex/types.hpp>

namespace rex {

/*
 * Where in the program's source something happened.  Taken as a default
 * argument, current() names the caller's line (as std::source_location).
 */
struct source_location {
	const char *file;
	u32 line;

	static consteval source_location current(const char *file = __builtin_FILE(),
						 u32 line = __builtin_LINE())
	{
		return source_location{file, line};
	}
};

namespace detail {

#ifdef REX_HOSTED_TEST
/* Host unit tests of the support layer define this, e.g. to report and abort. */
[[noreturn]] void trap_panic(const char *message, const char *file, u32 line);
#else
/*
 * For now a failed check traps the CPU: the kernel reports an invalid
 * opcode inside the program.  Replaced by the runtime panic in issue 4,
 * which unwinds to the dispatcher and returns the default value instead.
 */
[[noreturn, gnu::always_inline]] inline void trap_panic(const char *, const char *, u32)
{
	__builtin_trap();
}
#endif

[[noreturn, gnu::always_inline]] inline void panic_at(const char *message, source_location where)
{
	trap_panic(message, where.file, where.line);
}

} // namespace detail

} // namespace rex
