/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What the parsers of the Rex runtime's /proc files share (librex
 * internal): reading one whole, with the errors a user can act on, and
 * taking its text apart.
 */

#include <librex/result.h>

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rex::proc_text {

/*
 * The whole file.  ENOENT says the running kernel has no Rex runtime;
 * EACCES (and EPERM) say what reading it needs, access_need, e.g. "reading
 * Rex reports needs root".
 */
Result<std::string> read(const std::string &path, std::string_view access_need);

/* The lines of text, without their '\n'; no empty last line for a final '\n'. */
std::vector<std::string_view> lines(std::string_view text);

/* Fields separated by single spaces: "a  b" has an empty middle field. */
std::vector<std::string_view> fields(std::string_view line);

/* A decimal number and nothing else, that fits T. */
template <typename T>
std::optional<T> decimal(std::string_view text)
{
	T value{};
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
	if (text.empty() || ec != std::errc() || end != text.data() + text.size())
		return std::nullopt;
	return value;
}

/* EBADMSG: "<path> line <n>: <what>". */
Error bad_line(std::string_view path, std::size_t line_number, std::string_view what);

} // namespace rex::proc_text
