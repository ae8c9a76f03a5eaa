/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* Whole-file reads and writes, with the path in every error message. */

#include <librex/result.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rex {

Result<std::vector<std::uint8_t>> read_file(const std::string &path);

/*
 * Replaces path with bytes atomically: written to a temporary file next to
 * it, then renamed over it, so a failed write never leaves half an image.
 * A new file gets mode 0644; an existing file keeps its mode.
 */
Result<void> write_file_atomic(const std::string &path, std::span<const std::uint8_t> bytes);

} // namespace rex
