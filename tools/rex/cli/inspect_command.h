/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex inspect`: what an image declares, for people (tables) or scripts (JSON). */

#include "args.h"

#include <librex/image.h>

#include <cstdio>
#include <string>

namespace rex::cli {

std::string format_inspect_text(const std::string &path, const Image &image);
/* One JSON object, newline-terminated. */
std::string format_inspect_json(const std::string &path, const Image &image);

int run_inspect(const InspectOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
