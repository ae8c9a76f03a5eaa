// SPDX-License-Identifier: GPL-2.0
#include <librex/hex.h>

namespace rex {

std::string to_hex(std::span<const std::uint8_t> bytes)
{
	static constexpr char digits[] = "0123456789abcdef";
	std::string hex;
	hex.reserve(2 * bytes.size());
	for (std::uint8_t byte : bytes) {
		hex.push_back(digits[byte >> 4]);
		hex.push_back(digits[byte & 0xf]);
	}
	return hex;
}

} // namespace rex
