/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex check`: rex-check on a C++ source, without compiling it (librex/build.h). */

#include "args.h"

#include <cstdio>

namespace rex::cli {

/*
 * Returns the exit code; the environment is read for $REX_CHECK.  The
 * diagnostics go to err; when the source does not compile, the compiler's
 * errors go straight to our stderr.
 */
int run_check(const CheckOptions &options, std::FILE *err);

} // namespace rex::cli
