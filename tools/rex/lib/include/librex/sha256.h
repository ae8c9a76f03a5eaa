/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace rex {

using Sha256Digest = std::array<std::uint8_t, 32>;

/* SHA-256 of bytes (OpenSSL's). */
Sha256Digest sha256(std::span<const std::uint8_t> bytes);

} // namespace rex
