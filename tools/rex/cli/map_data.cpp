// SPDX-License-Identifier: GPL-2.0
#include "map_data.h"

#include <cerrno>
#include <charconv>

namespace rex::cli {

namespace {

bool is_decimal_digit(char c)
{
	return c >= '0' && c <= '9';
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool all_of(std::string_view text, bool (*pred)(char))
{
	for (char c : text)
		if (!pred(c))
			return false;
	return true;
}

bool is_hex_digit(char c)
{
	return hex_digit(c) >= 0;
}

std::optional<std::uint64_t> number_in_base(std::string_view digits, int base)
{
	std::uint64_t value = 0;
	auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
	if (ec != std::errc() || end != digits.data() + digits.size())
		return std::nullopt;
	return value;
}

/* Hex digits in pairs, in groups separated by spaces: "2a 00", "2a00". */
std::optional<std::vector<std::uint8_t>> hex_bytes(std::string_view text)
{
	std::vector<std::uint8_t> bytes;
	std::size_t i = 0;
	while (i < text.size()) {
		if (is_space(text[i])) {
			i++;
			continue;
		}
		if (i + 1 >= text.size() || !is_hex_digit(text[i]) || !is_hex_digit(text[i + 1]))
			return std::nullopt;
		bytes.push_back(static_cast<std::uint8_t>(hex_digit(text[i]) << 4 | hex_digit(text[i + 1])));
		i += 2;
	}
	if (bytes.empty())
		return std::nullopt;
	return bytes;
}

bool has_hex_prefix(std::string_view text)
{
	return text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

/* "give an integer or 4 hex bytes ('00 00 00 00')", what the size allows. */
std::string what_to_give(std::size_t size)
{
	std::string bytes = std::to_string(size) + (size == 1 ? " hex byte" : " hex bytes");
	if (size <= 8) {
		std::string zeros;
		for (std::size_t i = 0; i < size; i++)
			zeros += i ? " 00" : "00";
		bytes += " ('" + zeros + "')";
	}
	return is_integer_size(size) ? "give an integer or " + bytes : "give " + bytes;
}

std::string byte_count(std::size_t size)
{
	return std::to_string(size) + (size == 1 ? " byte" : " bytes");
}

} // namespace

Result<MapData> parse_map_data(std::string_view text, std::string_view what)
{
	MapData data;
	data.text = text;
	if (has_hex_prefix(text) && all_of(text.substr(2), is_hex_digit)) {
		data.number_form = true;
		data.number = number_in_base(text.substr(2), 16);
	} else if (!text.empty() && all_of(text, is_decimal_digit) && (text[0] != '0' || text.size() == 1)) {
		data.number_form = true;
		data.number = number_in_base(text, 10);
	}
	data.bytes = hex_bytes(text);
	if (!data.number_form && !data.bytes)
		return Error(EINVAL, "'" + std::string(text) + "' is not a " + std::string(what) +
					     ": give an unsigned integer (42, 0x2a) or hex bytes ('2a 00 00 00' or "
					     "2a000000)");
	return data;
}

Result<std::vector<std::uint8_t>> map_data_bytes(const MapData &data, std::size_t size, std::string_view what)
{
	std::string quoted = "'" + data.text + "'";
	std::string the = "the " + std::string(what) + " is " + byte_count(size);
	if (data.number_form && is_integer_size(size)) {
		std::uint64_t max = size == 8 ? ~std::uint64_t(0) : (std::uint64_t(1) << (8 * size)) - 1;
		if (!data.number || *data.number > max)
			return Error(EINVAL, the + ": " + quoted + " is larger than " + std::to_string(max));
		std::vector<std::uint8_t> bytes(size);
		for (std::size_t i = 0; i < size; i++)
			bytes[i] = static_cast<std::uint8_t>(*data.number >> (8 * i));
		return bytes;
	}
	if (data.bytes && data.bytes->size() == size)
		return *data.bytes;
	if (has_hex_prefix(data.text))
		return Error(EINVAL, the + ", not a size for an integer (1, 2, 4 or 8): " + what_to_give(size));
	if (data.bytes)
		return Error(EINVAL, the + ", not " + std::to_string(data.bytes->size()) + " (" + quoted + "): " +
					     what_to_give(size));
	return Error(EINVAL, the + ": " + quoted + " is not " + byte_count(size) + " in hex: " + what_to_give(size));
}

bool is_integer_size(std::size_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

std::optional<std::uint64_t> little_endian_number(std::span<const std::uint8_t> bytes)
{
	if (!is_integer_size(bytes.size()))
		return std::nullopt;
	std::uint64_t value = 0;
	for (std::size_t i = 0; i < bytes.size(); i++)
		value |= std::uint64_t(bytes[i]) << (8 * i);
	return value;
}

std::string format_hex_bytes(std::span<const std::uint8_t> bytes)
{
	static constexpr char digits[] = "0123456789abcdef";
	std::string text;
	for (std::uint8_t byte : bytes) {
		if (!text.empty())
			text += ' ';
		text += digits[byte >> 4];
		text += digits[byte & 0xf];
	}
	return text;
}

std::string format_map_datum(std::string_view label, std::span<const std::uint8_t> bytes)
{
	std::string text(label);
	if (bytes.size() == 4 || bytes.size() == 8)
		return text + " " + std::to_string(*little_endian_number(bytes)) + " (" + format_hex_bytes(bytes) + ")";
	return text + ": " + format_hex_bytes(bytes);
}

} // namespace rex::cli
