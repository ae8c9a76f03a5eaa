// SPDX-License-Identifier: GPL-2.0
#include "log_command.h"

#include "error_report.h"
#include "exit_code.h"

#include <librex/json_writer.h>

#include <cerrno>

namespace rex::cli {

namespace {

std::string_view log_error_hint(int code)
{
	switch (code) {
	case ENOENT:
		return "boot a kernel built with CONFIG_REX";
	case EACCES:
	case EPERM:
		return "the file is mode 0400: run rex log as root";
	default:
		return {};
	}
}

} // namespace

std::vector<PanicReport> select_reports(std::span<const PanicReport> reports, std::optional<std::uint32_t> prog)
{
	std::vector<PanicReport> selected;
	for (const PanicReport &report : reports)
		if (!prog || report.prog_id == *prog)
			selected.push_back(report);
	return selected;
}

std::string format_log_text(std::span<const PanicReport> reports)
{
	std::string text;
	for (const PanicReport &report : reports)
		text += format_panic_report(report);
	return text;
}

std::string format_log_json(std::span<const PanicReport> reports)
{
	JsonWriter json;
	json.begin_array();
	for (const PanicReport &report : reports) {
		json.begin_object()
			.member("seq", report.seq)
			.member("prog_id", report.prog_id)
			.member("prog_name", report.prog_name)
			.member("cpu", report.cpu)
			.member("reason", panic_reason_name(report.reason))
			.member("message", report.message);
		if (report.location)
			json.member("file", report.location->file).member("line", report.location->line);
		else
			json.key("file").null_value().key("line").null_value();
		json.key("trace").begin_array();
		for (const std::string &line : report.trace)
			json.value(line);
		json.end_array().end_object();
	}
	json.end_array();
	return json.str() + "\n";
}

int run_log(const LogOptions &options, std::FILE *out, std::FILE *err)
{
	Result<std::vector<PanicReport>> reports = read_panic_reports();
	if (!reports) {
		const Error &error = reports.error();
		std::fprintf(err, "%s\n", format_error("log", error, log_error_hint(error.code())).c_str());
		return exit_failure;
	}

	std::vector<PanicReport> selected = select_reports(reports.value(), options.prog);
	if (selected.empty()) {
		if (options.prog)
			std::fprintf(err, "rex log: note: no reports of program %u\n", *options.prog);
		else
			std::fputs("rex log: note: no reports: no Rex program has panicked\n", err);
	}
	std::string text = options.json ? format_log_json(selected) : format_log_text(selected);
	std::fputs(text.c_str(), out);
	return exit_success;
}

} // namespace rex::cli
