// SPDX-License-Identifier: GPL-2.0
#include <librex/panic_report.h>

#include "proc_text.h"

#include <array>

namespace rex {

namespace {

constexpr std::array<std::pair<PanicReason, std::string_view>, 4> reason_names = {{
	{PanicReason::panic, "panic"},
	{PanicReason::timeout, "timeout"},
	{PanicReason::stack, "stack"},
	{PanicReason::fault, "fault"},
}};

constexpr std::string_view first_line_form =
	"expected 'report <seq>: prog <id> <name> cpu <n>: <reason>: <message>[ at <file>:<line>]'";

/* Takes the text apart left to right; every step fails quietly, the caller says what was expected. */
class Cursor {
public:
	explicit Cursor(std::string_view text) : rest_(text) {}

	bool literal(std::string_view text)
	{
		if (!rest_.starts_with(text))
			return false;
		rest_.remove_prefix(text.size());
		return true;
	}

	/* Everything up to the first occurrence of end, which is consumed too. */
	std::optional<std::string_view> until(std::string_view end)
	{
		std::size_t pos = rest_.find(end);
		if (pos == std::string_view::npos)
			return std::nullopt;
		std::string_view taken = rest_.substr(0, pos);
		rest_.remove_prefix(pos + end.size());
		return taken;
	}

	template <typename T>
	std::optional<T> number_until(std::string_view end)
	{
		std::optional<std::string_view> digits = until(end);
		return digits ? proc_text::decimal<T>(*digits) : std::nullopt;
	}

	std::string_view rest() const { return rest_; }

private:
	std::string_view rest_;
};

/* Splits " at <file>:<line>" off the end of message, if it is there. */
std::optional<SourceLocation> take_location(std::string_view &message)
{
	constexpr std::string_view at = " at ";
	std::size_t pos = message.rfind(at);
	if (pos == std::string_view::npos)
		return std::nullopt;
	std::string_view where = message.substr(pos + at.size());
	std::size_t colon = where.rfind(':');
	if (colon == std::string_view::npos || colon == 0)
		return std::nullopt;
	std::optional<std::uint32_t> line = proc_text::decimal<std::uint32_t>(where.substr(colon + 1));
	if (!line)
		return std::nullopt;
	message = message.substr(0, pos);
	return SourceLocation{std::string(where.substr(0, colon)), *line};
}

Result<PanicReport> parse_first_line(std::string_view line, std::size_t line_number)
{
	auto bad = [&](std::string_view what) {
		return proc_text::bad_line(rex_log_path, line_number,
					   std::string(what) + " in '" + std::string(line) + "' (" +
						   std::string(first_line_form) + ")");
	};

	PanicReport report;
	Cursor cursor(line);
	if (!cursor.literal("report "))
		return bad("no 'report '");
	std::optional<std::uint64_t> seq = cursor.number_until<std::uint64_t>(": ");
	if (!seq || !cursor.literal("prog "))
		return bad("no sequence number and 'prog '");
	std::optional<std::uint32_t> id = cursor.number_until<std::uint32_t>(" ");
	if (!id)
		return bad("no program id");
	/* Names are [A-Za-z0-9_.] (bpf_obj_name_cpy): no " cpu " inside; an empty one leaves two spaces. */
	std::optional<std::string_view> name = std::string_view();
	if (!cursor.literal(" cpu "))
		name = cursor.until(" cpu ");
	if (!name)
		return bad("no program name and 'cpu'");
	std::optional<std::uint32_t> cpu = cursor.number_until<std::uint32_t>(": ");
	if (!cpu)
		return bad("no cpu number");

	std::string_view reason_and_message = cursor.rest();
	std::size_t colon = reason_and_message.find(':');
	std::string_view reason_name = reason_and_message.substr(0, colon);
	std::optional<PanicReason> reason = parse_panic_reason(reason_name);
	if (!reason)
		return bad("unknown reason '" + std::string(reason_name) + "' (panic, timeout, stack or fault)");
	std::string_view message;
	if (colon != std::string_view::npos) {
		message = reason_and_message.substr(colon + 1);
		if (message.starts_with(' '))
			message.remove_prefix(1);
	}

	report.seq = *seq;
	report.prog_id = *id;
	if (*name != "-")
		report.prog_name = *name;
	report.cpu = *cpu;
	report.reason = *reason;
	report.location = take_location(message);
	report.message = message;
	return report;
}

} // namespace

std::string_view panic_reason_name(PanicReason reason)
{
	for (const auto &[value, name] : reason_names)
		if (value == reason)
			return name;
	return "panic";
}

std::optional<PanicReason> parse_panic_reason(std::string_view name)
{
	for (const auto &[value, known] : reason_names)
		if (known == name)
			return value;
	return std::nullopt;
}

Result<std::vector<PanicReport>> parse_panic_reports(std::string_view text)
{
	constexpr std::string_view indent = "  ";
	std::vector<PanicReport> reports;
	bool in_report = false;
	std::vector<std::string_view> lines = proc_text::lines(text);
	for (std::size_t i = 0; i < lines.size(); i++) {
		std::string_view line = lines[i];
		if (line.empty()) {
			in_report = false;
			continue;
		}
		/*
		 * A report cut short at the kernel's buffer size may lack its
		 * empty line: then the next one starts right after it.
		 */
		if (!in_report || line.starts_with("report ")) {
			reports.push_back(REX_TRY(parse_first_line(line, i + 1)));
			in_report = true;
			continue;
		}
		if (!line.starts_with(indent))
			return proc_text::bad_line(rex_log_path, i + 1,
						   "expected a line indented by two spaces, or the empty line "
						   "that ends the report, got '" + std::string(line) + "'");
		reports.back().trace.emplace_back(line.substr(indent.size()));
	}
	return reports;
}

Result<std::vector<PanicReport>> read_panic_reports(const std::string &path)
{
	std::string text = REX_TRY(proc_text::read(path, "reading Rex reports needs root"));
	return parse_panic_reports(text);
}

std::string format_panic_report(const PanicReport &report)
{
	std::string text = "report " + std::to_string(report.seq) + ": prog " + std::to_string(report.prog_id) + " " +
			   report.prog_name + " cpu " + std::to_string(report.cpu) + ": " +
			   std::string(panic_reason_name(report.reason)) + ": " + report.message;
	if (report.location)
		text += " at " + report.location->file + ":" + std::to_string(report.location->line);
	text += '\n';
	for (const std::string &line : report.trace)
		text += "  " + line + "\n";
	text += '\n';
	return text;
}

} // namespace rex
