/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What happens when a program breaks a contract of the support layer (an
 * index out of bounds, an empty optional read) or calls rex::panic: it
 * stops, with the place in the program's source that did it.  The kernel
 * releases what the program holds, records the report (rex log) and returns
 * the program's default value, as if the program had returned it.
 *
 *	if (header.version != 4)
 *		rex::panic("not IPv4");
 */

#include <rex/runtime.hpp>
#include <rex/types.hpp>

namespace rex {

/*
 * Where in the program's source something happened.  Taken as a default
 * argument, current() names the caller's line (as std::source_location).
 */
struct source_location : detail::holds_address {
	const char *file;
	u32 line;

	static consteval source_location current(const char *file = __builtin_FILE(),
						 u32 line = __builtin_LINE())
	{
		return source_location{{}, file, line};
	}
};

namespace detail {

#ifdef REX_HOSTED_TEST
/* Host unit tests of the support layer define this, e.g. to report and abort. */
[[noreturn]] void trap_panic(const char *message, const char *file, u32 line);
#else
/* The kernel's panic path (runtime.hpp): it does not return to the program. */
[[noreturn, gnu::always_inline]] inline void trap_panic(const char *message, const char *file, u32 line)
{
	rex_panic(message, file, line);
}
#endif

[[noreturn, gnu::always_inline]] inline void panic_at(const char *message, source_location where)
{
	trap_panic(message, where.file, where.line);
}

} // namespace detail

/*
 * Stops the program with message (a string literal: the kernel reads it
 * after the program has stopped) and the caller's file:line.
 */
[[noreturn, gnu::always_inline]] inline void panic(const char *message,
						   source_location where = source_location::current())
{
	detail::panic_at(message, where);
}

} // namespace rex
