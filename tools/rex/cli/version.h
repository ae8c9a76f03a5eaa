/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <string>

namespace rex::cli {

/*
 * `rex --version`: "rex <version>" on the first line, then how the binary
 * was built (compiler, build type, UAPI headers).  Nothing here depends on
 * git, so a build from a tarball says the same as one from a checkout.
 */
std::string version_text();

} // namespace rex::cli
