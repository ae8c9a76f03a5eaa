/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex sign` and `rex verify`: the signature trailer of an image. */

#include "args.h"

#include <cstdio>

namespace rex::cli {

/* Both return the exit code; the environment is read for the key lookup. */
int run_sign(const SignOptions &options, std::FILE *out, std::FILE *err);
int run_verify(const VerifyOptions &options, std::FILE *out, std::FILE *err);

/* The advice for a verification (or Rex load) error, by its errno. */
std::string_view signature_error_hint(int code);

} // namespace rex::cli
