// SPDX-License-Identifier: GPL-2.0
#include "list_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "table.h"

#include <librex/json_writer.h>
#include <librex/prog_type.h>

namespace rex::cli {

std::string format_program_table(std::span<const ProgramInfo> programs)
{
	Table table({
		{"ID", Align::right},
		{"TYPE", Align::left},
		{"NAME", Align::left},
		{"KIND", Align::left},
		{"STATE", Align::left},
		{"TAG", Align::left},
	});
	for (const ProgramInfo &prog : programs) {
		table.add_row({
			std::to_string(prog.id),
			prog_type_name(prog.type),
			prog.name.empty() ? "-" : prog.name,
			std::string(program_kind_name(prog.kind)),
			prog.runtime ? std::string(prog_state_name(prog.runtime->state)) : "-",
			tag_to_hex(prog.tag),
		});
	}
	return table.render();
}

std::string format_program_json(std::span<const ProgramInfo> programs)
{
	JsonWriter json;
	json.begin_array();
	for (const ProgramInfo &prog : programs) {
		json.begin_object()
			.member("id", prog.id)
			.member("type", prog_type_name(prog.type))
			.member("name", prog.name)
			.member("kind", program_kind_name(prog.kind));
		if (const std::optional<RuntimeStatus> &status = prog.runtime)
			json.member("state", prog_state_name(status->state))
				.member("panics", status->panics)
				.member("timeouts", status->timeouts);
		else
			json.key("state").null_value().key("panics").null_value().key("timeouts").null_value();
		json.member("tag", tag_to_hex(prog.tag))
			.member("jited", prog.jited)
			.member("run_time_ns", prog.run_time_ns)
			.member("run_cnt", prog.run_cnt)
			.end_object();
	}
	json.end_array();
	return json.str() + "\n";
}

int run_list(const ListOptions &options, std::FILE *out, std::FILE *err)
{
	Result<std::vector<ProgramInfo>> programs = list_programs();
	if (!programs) {
		std::fprintf(err, "%s\n", format_error("list", programs.error()).c_str());
		return exit_failure;
	}

	std::string text = options.json ? format_program_json(programs.value())
					: format_program_table(programs.value());
	std::fputs(text.c_str(), out);
	return exit_success;
}

} // namespace rex::cli
