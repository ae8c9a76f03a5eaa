/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex build`: compile a C++ source into a signed Rex image (librex/build.h). */

#include "args.h"

#include <cstdio>

namespace rex::cli {

/* Returns the exit code; the environment is read for $REX_CLANG and the key lookup. */
int run_build(const BuildCommandOptions &options, std::FILE *out, std::FILE *err);

/* out.rex for src/out.cpp: the default output, in the current directory. */
std::string default_build_output(const std::string &source);

} // namespace rex::cli
