/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The keys and values of `rex map`, as typed and as shown.  A key or value
 * is typed as an unsigned integer, "42" or "0x2a", written in the map's
 * key or value size, little-endian, when that size is 1, 2, 4 or 8 bytes;
 * or as its bytes in hex, as rex map and bpftool show them: "2a 00 00 00"
 * or "2a000000".  Digits alone are a decimal number unless they start
 * with 0 ("01000000" is four bytes); with spaces they are always bytes.
 * Whether the size fits is known only once the map is open, so parsing
 * comes in two steps.
 */

#include <librex/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex::cli {

struct MapData {
	std::string text;
	/* "42" or "0x2a" (number_form), when it fits in 64 bits. */
	bool number_form = false;
	std::optional<std::uint64_t> number;
	/* Pairs of hex digits, spaces between bytes allowed. */
	std::optional<std::vector<std::uint8_t>> bytes;
};

/* The syntax alone; what is "key" or "value", for the message. */
Result<MapData> parse_map_data(std::string_view text, std::string_view what);
/*
 * data as exactly size bytes: the number in little-endian when size is an
 * integer size, else the bytes.  EINVAL with the expected size when they
 * do not fit.
 */
Result<std::vector<std::uint8_t>> map_data_bytes(const MapData &data, std::size_t size, std::string_view what);

/* 1, 2, 4 or 8: the sizes a number may be given (and is shown in JSON) for. */
bool is_integer_size(std::size_t size);
/* The little-endian number of bytes, for an integer size. */
std::optional<std::uint64_t> little_endian_number(std::span<const std::uint8_t> bytes);

/* "2a 00 00 00". */
std::string format_hex_bytes(std::span<const std::uint8_t> bytes);
/*
 * A key or value for people: "key 42 (2a 00 00 00)" when it is 4 or 8
 * bytes, "key: 2a 00" otherwise.
 */
std::string format_map_datum(std::string_view label, std::span<const std::uint8_t> bytes);

} // namespace rex::cli
