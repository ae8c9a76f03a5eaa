/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace rex {

/* Bytes as lowercase hex digits, two per byte, no separators. */
std::string to_hex(std::span<const std::uint8_t> bytes);

} // namespace rex
