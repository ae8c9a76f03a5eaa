// SPDX-License-Identifier: GPL-2.0
#include <librex/runtime_status.h>

#include "proc_text.h"

#include <array>

namespace rex {

namespace {

constexpr std::array<std::string_view, 7> columns = {"id", "name", "state", "policy", "panics", "timeouts", "skipped"};

Result<void> check_header(std::string_view line)
{
	std::vector<std::string_view> names = proc_text::fields(line);
	bool ok = names.size() >= columns.size();
	for (std::size_t i = 0; ok && i < columns.size(); i++)
		ok = names[i] == columns[i];
	if (!ok)
		return proc_text::bad_line(rex_progs_path, 1,
					   "expected the header 'id name state policy panics timeouts skipped', got '" +
						   std::string(line) + "'");
	return {};
}

Result<std::uint64_t> counter(std::string_view text, std::string_view column, std::size_t line_number)
{
	if (std::optional<std::uint64_t> value = proc_text::decimal<std::uint64_t>(text))
		return *value;
	return proc_text::bad_line(rex_progs_path, line_number,
				   std::string(column) + " '" + std::string(text) + "' is not a number");
}

Result<RuntimeStatus> parse_line(std::string_view line, std::size_t line_number)
{
	std::vector<std::string_view> f = proc_text::fields(line);
	if (f.size() < columns.size())
		return proc_text::bad_line(rex_progs_path, line_number,
					   "expected 7 fields separated by single spaces, got '" +
						   std::string(line) + "'");

	RuntimeStatus status;
	std::optional<std::uint32_t> id = proc_text::decimal<std::uint32_t>(f[0]);
	if (!id || *id == 0)
		return proc_text::bad_line(rex_progs_path, line_number,
					   "id '" + std::string(f[0]) + "' is not a program id");
	status.id = *id;
	/* The kernel writes "-" for a program without a name, which no BPF name can be. */
	if (f[1] != "-")
		status.name = f[1];
	if (f[2] == "ok")
		status.state = ProgState::ok;
	else if (f[2] == "faulted")
		status.state = ProgState::faulted;
	else
		return proc_text::bad_line(rex_progs_path, line_number,
					   "unknown state '" + std::string(f[2]) + "' (ok or faulted)");
	std::optional<PanicPolicy> policy = parse_panic_policy(f[3]);
	if (!policy)
		return proc_text::bad_line(rex_progs_path, line_number,
					   "unknown policy '" + std::string(f[3]) + "' (crash-stop or keep-running)");
	status.policy = *policy;
	status.panics = REX_TRY(counter(f[4], "panics", line_number));
	status.timeouts = REX_TRY(counter(f[5], "timeouts", line_number));
	status.skipped = REX_TRY(counter(f[6], "skipped", line_number));
	return status;
}

} // namespace

std::string_view prog_state_name(ProgState state)
{
	return state == ProgState::faulted ? "faulted" : "ok";
}

Result<std::vector<RuntimeStatus>> parse_runtime_status(std::string_view text)
{
	std::vector<std::string_view> lines = proc_text::lines(text);
	if (lines.empty())
		return proc_text::bad_line(rex_progs_path, 1, "the header line is missing");
	REX_TRY(check_header(lines[0]));

	std::vector<RuntimeStatus> statuses;
	for (std::size_t i = 1; i < lines.size(); i++)
		statuses.push_back(REX_TRY(parse_line(lines[i], i + 1)));
	return statuses;
}

Result<std::vector<RuntimeStatus>> read_runtime_status(const std::string &path)
{
	std::string text = REX_TRY(proc_text::read(path, "reading the Rex program list needs read access"));
	return parse_runtime_status(text);
}

const RuntimeStatus *find_runtime_status(std::span<const RuntimeStatus> statuses, std::uint32_t id)
{
	for (const RuntimeStatus &status : statuses)
		if (status.id == id)
			return &status;
	return nullptr;
}

} // namespace rex
