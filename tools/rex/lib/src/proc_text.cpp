// SPDX-License-Identifier: GPL-2.0
#include "proc_text.h"

#include <librex/file_io.h>

#include <cerrno>

namespace rex::proc_text {

Result<std::string> read(const std::string &path, std::string_view access_need)
{
	Result<std::vector<std::uint8_t>> bytes = read_file(path);
	if (!bytes) {
		int code = bytes.error().code();
		if (code == ENOENT)
			return Error(code, "this kernel has no Rex runtime (" + path + " missing)");
		if (code == EACCES || code == EPERM)
			return Error(code, std::string(access_need) + " (" + path + ")");
		return bytes.release_error();
	}
	return std::string(bytes.value().begin(), bytes.value().end());
}

std::vector<std::string_view> lines(std::string_view text)
{
	std::vector<std::string_view> result;
	while (!text.empty()) {
		std::size_t end = text.find('\n');
		if (end == std::string_view::npos) {
			result.push_back(text);
			break;
		}
		result.push_back(text.substr(0, end));
		text.remove_prefix(end + 1);
	}
	return result;
}

std::vector<std::string_view> fields(std::string_view line)
{
	std::vector<std::string_view> result;
	for (;;) {
		std::size_t end = line.find(' ');
		result.push_back(line.substr(0, end));
		if (end == std::string_view::npos)
			return result;
		line.remove_prefix(end + 1);
	}
}

Error bad_line(std::string_view path, std::size_t line_number, std::string_view what)
{
	return Error(EBADMSG, std::string(path) + " line " + std::to_string(line_number) + ": " + std::string(what));
}

} // namespace rex::proc_text
