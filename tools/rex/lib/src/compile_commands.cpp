// SPDX-License-Identifier: GPL-2.0
#include <librex/compile_commands.h>

#include <librex/json_writer.h>
#include <librex/unique_fd.h>

#include <cerrno>
#include <fcntl.h>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace rex {

namespace {

/* The start of the entry line for file: how entries are matched. */
std::string entry_prefix(const std::string &file)
{
	std::string prefix = "{\"file\":";
	json_append_string(prefix, file);
	prefix += ',';
	return prefix;
}

std::string entry_line(const CompileCommand &command)
{
	JsonWriter json;
	json.begin_object().member("file", command.file).member("directory", command.directory).key("arguments");
	json.begin_array();
	for (const std::string &arg : command.arguments)
		json.value(arg);
	json.end_array().end_object();
	return json.str();
}

Result<std::string> read_fd(int fd, const std::string &path)
{
	std::string text;
	char buf[65536];
	for (;;) {
		ssize_t n = ::read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return Error::from_errno(errno, "reading " + path);
		if (n == 0)
			return text;
		text.append(buf, static_cast<std::size_t>(n));
	}
}

/* The entry lines of a database rex wrote; nullopt if it is not one. */
std::optional<std::vector<std::string>> parse_entries(const std::string &text)
{
	std::vector<std::string> entries;
	if (text.empty())
		return entries;
	std::istringstream lines(text);
	std::string line;
	if (!std::getline(lines, line) || line != "[")
		return std::nullopt;
	bool closed = false;
	while (std::getline(lines, line)) {
		if (closed)
			return std::nullopt;
		if (line == "]") {
			closed = true;
			continue;
		}
		if (!line.empty() && line.back() == ',')
			line.pop_back();
		if (line.rfind("{\"file\":", 0) != 0 || line.back() != '}')
			return std::nullopt;
		entries.push_back(line);
	}
	if (!closed)
		return std::nullopt;
	return entries;
}

} // namespace

Result<void> update_compile_commands(const std::string &path, const CompileCommand &command)
{
	UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
	if (!fd.valid())
		return Error::from_errno(errno, "opening " + path);
	/* Parallel builds into one directory take turns. */
	while (flock(fd.get(), LOCK_EX) != 0)
		if (errno != EINTR)
			return Error::from_errno(errno, "locking " + path);

	std::string text = REX_TRY(read_fd(fd.get(), path));
	std::optional<std::vector<std::string>> entries = parse_entries(text);
	if (!entries)
		return Error(EEXIST, path + " was not written by rex build; not changing it");

	std::string prefix = entry_prefix(command.file);
	std::string updated = "[\n";
	for (const std::string &entry : *entries)
		if (entry.rfind(prefix, 0) != 0)
			updated += entry + ",\n";
	updated += entry_line(command) + "\n]\n";

	if (ftruncate(fd.get(), 0) != 0 || lseek(fd.get(), 0, SEEK_SET) != 0)
		return Error::from_errno(errno, "truncating " + path);
	std::string_view rest = updated;
	while (!rest.empty()) {
		ssize_t n = ::write(fd.get(), rest.data(), rest.size());
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return Error::from_errno(errno, "writing " + path);
		rest.remove_prefix(static_cast<std::size_t>(n));
	}
	return {};
}

} // namespace rex
