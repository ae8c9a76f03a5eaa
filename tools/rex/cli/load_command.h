/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex load`: create an image's maps, load its programs, optionally pin. */

#include "args.h"

#include <librex/error.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace rex::cli {

/*
 * The stderr text for a failed load: the error line with the errno's name,
 * then the kernel's log, indented, if it said anything.  keep_running:
 * the load asked for REX_LOAD_F_KEEP_RUNNING, which a kernel predating it
 * rejects.
 */
std::string format_load_error(const Error &error, std::string_view kernel_log, std::string_view command = "load",
			      bool keep_running = false);

int run_load(const LoadOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
