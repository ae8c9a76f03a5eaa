/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * How a failed operation is told to the user, one line on stderr:
 *
 *	rex list: BPF_PROG_GET_NEXT_ID after id 0: Operation not permitted (run as root or with CAP_SYS_ADMIN/CAP_BPF)
 *
 * i.e. which command, what failed, the system's words for the errno, and,
 * when the cause is usually the same, what to do about it.
 */

#include <librex/error.h>

#include <string>
#include <string_view>

namespace rex::cli {

/* What to do about an errno from bpf(2); empty when there is no good advice. */
std::string_view error_hint(int code);

/* What to do about an error from reading or parsing a Rex image. */
std::string_view image_error_hint(int code);

/* What to do about an errno from pinning with --pin (BPF_OBJ_PIN). */
std::string_view pin_error_hint(int code);

/* The message line for `rex <command>`, without a trailing newline. */
std::string format_error(std::string_view command, const Error &error);
/* The same with the caller's hint, which knows more than the errno does. */
std::string format_error(std::string_view command, const Error &error, std::string_view hint);

/* "ENOKEY" for ENOKEY: the name a kernel developer greps for. */
std::string errno_name(int code);

} // namespace rex::cli
