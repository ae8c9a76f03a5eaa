// SPDX-License-Identifier: GPL-2.0
#include "stat_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "table.h"

#include <librex/bpf_syscall.h>
#include <librex/json_writer.h>
#include <librex/prog_type.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

namespace rex::cli {

namespace {

void sleep_seconds(std::uint64_t seconds)
{
	timespec left = {static_cast<time_t>(seconds), 0};
	while (nanosleep(&left, &left) != 0 && errno == EINTR) {
	}
}

Result<std::vector<StatRow>> current_rows(bool all)
{
	std::vector<ProgramInfo> programs = REX_TRY(list_programs());
	return stat_rows(programs, all);
}

/* The counters now, or their change over --watch seconds. */
Result<std::vector<StatRow>> measure(const StatOptions &options)
{
	std::vector<StatRow> before = REX_TRY(current_rows(options.all));
	if (!options.watch_s)
		return before;
	sleep_seconds(*options.watch_s);
	std::vector<StatRow> after = REX_TRY(current_rows(options.all));
	return stat_delta(before, after);
}

} // namespace

std::vector<StatRow> stat_rows(std::span<const ProgramInfo> programs, bool all)
{
	std::vector<StatRow> rows;
	for (const ProgramInfo &prog : programs) {
		if (!all && prog.kind != ProgramKind::rex)
			continue;
		rows.push_back(StatRow{prog.id, prog.type, prog.name, prog.kind, prog.run_cnt, prog.run_time_ns,
				       prog.runtime});
	}
	return rows;
}

namespace {

/* Counters only grow; guard anyway against a wrapped or reset one. */
std::uint64_t counter_delta(std::uint64_t then, std::uint64_t now)
{
	return now >= then ? now - then : now;
}

} // namespace

std::vector<StatRow> stat_delta(std::span<const StatRow> before, std::span<const StatRow> after)
{
	std::vector<StatRow> rows;
	for (const StatRow &now : after) {
		StatRow row = now;
		auto then = std::find_if(before.begin(), before.end(), [&](const StatRow &r) { return r.id == now.id; });
		if (then != before.end()) {
			row.run_cnt = counter_delta(then->run_cnt, now.run_cnt);
			row.run_time_ns = counter_delta(then->run_time_ns, now.run_time_ns);
			if (row.runtime && then->runtime) {
				row.runtime->panics = counter_delta(then->runtime->panics, now.runtime->panics);
				row.runtime->timeouts = counter_delta(then->runtime->timeouts, now.runtime->timeouts);
				row.runtime->skipped = counter_delta(then->runtime->skipped, now.runtime->skipped);
			}
		}
		rows.push_back(std::move(row));
	}
	return rows;
}

std::optional<std::uint64_t> average_ns(const StatRow &row)
{
	if (row.run_cnt == 0)
		return std::nullopt;
	return row.run_time_ns / row.run_cnt;
}

std::string format_stat_table(std::span<const StatRow> rows)
{
	Table table({
		{"ID", Align::right},
		{"TYPE", Align::left},
		{"NAME", Align::left},
		{"KIND", Align::left},
		{"STATE", Align::left},
		{"POLICY", Align::left},
		{"RUNS", Align::right},
		{"RUN_TIME_NS", Align::right},
		{"AVG_NS", Align::right},
		{"PANICS", Align::right},
		{"TIMEOUTS", Align::right},
		{"SKIPPED", Align::right},
	});
	for (const StatRow &row : rows) {
		std::optional<std::uint64_t> average = average_ns(row);
		const std::optional<RuntimeStatus> &status = row.runtime;
		table.add_row({
			std::to_string(row.id),
			prog_type_name(row.type),
			row.name.empty() ? "-" : row.name,
			std::string(program_kind_name(row.kind)),
			status ? std::string(prog_state_name(status->state)) : "-",
			status ? std::string(panic_policy_name(status->policy)) : "-",
			std::to_string(row.run_cnt),
			std::to_string(row.run_time_ns),
			average ? std::to_string(*average) : "-",
			status ? std::to_string(status->panics) : "-",
			status ? std::to_string(status->timeouts) : "-",
			status ? std::to_string(status->skipped) : "-",
		});
	}
	return table.render();
}

std::string format_stat_json(std::span<const StatRow> rows, const StatContext &context)
{
	JsonWriter json;
	json.begin_object().member("stats_enabled", context.stats_enabled).key("watch_seconds");
	if (context.watch_s)
		json.value(*context.watch_s);
	else
		json.null_value();
	json.key("programs").begin_array();
	for (const StatRow &row : rows) {
		json.begin_object()
			.member("id", row.id)
			.member("type", prog_type_name(row.type))
			.member("name", row.name)
			.member("kind", program_kind_name(row.kind));
		if (row.runtime)
			json.member("state", prog_state_name(row.runtime->state))
				.member("policy", panic_policy_name(row.runtime->policy));
		else
			json.key("state").null_value().key("policy").null_value();
		json.member("run_cnt", row.run_cnt)
			.member("run_time_ns", row.run_time_ns)
			.key("avg_ns");
		if (std::optional<std::uint64_t> average = average_ns(row))
			json.value(*average);
		else
			json.null_value();
		if (row.runtime)
			json.member("panics", row.runtime->panics)
				.member("timeouts", row.runtime->timeouts)
				.member("skipped", row.runtime->skipped);
		else
			json.key("panics").null_value().key("timeouts").null_value().key("skipped").null_value();
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + "\n";
}

std::string stats_off_note()
{
	return "rex stat: note: run-time stats are off (kernel.bpf_stats_enabled is 0): the counters grow only "
	       "while some process holds BPF_ENABLE_STATS\n"
	       "rex stat: note: measure a workload with 'rex stat --enable-stats --watch <seconds>' while it runs, "
	       "or turn stats on with 'sysctl -w kernel.bpf_stats_enabled=1'\n";
}

int run_stat(const StatOptions &options, std::FILE *out, std::FILE *err)
{
	/* Unreadable (no /proc): say nothing rather than guess. */
	Result<bool> sysctl = bpf_stats_sysctl_enabled();
	bool sysctl_on = !sysctl || sysctl.value();

	UniqueFd stats;
	if (options.enable_stats) {
		Result<UniqueFd> enabled = bpf::enable_run_time_stats();
		if (!enabled) {
			std::fprintf(err, "%s\n", format_error("stat", enabled.error()).c_str());
			return exit_failure;
		}
		stats = enabled.release_value();
	}

	Result<std::vector<StatRow>> rows = measure(options);
	if (!rows) {
		std::fprintf(err, "%s\n", format_error("stat", rows.error()).c_str());
		return exit_failure;
	}

	StatContext context;
	context.stats_enabled = sysctl_on || stats.valid();
	context.watch_s = options.watch_s;
	if (!context.stats_enabled)
		std::fputs(stats_off_note().c_str(), err);
	if (rows.value().empty() && !options.all)
		std::fputs("rex stat: note: no Rex program is loaded (--all shows eBPF programs too)\n", err);

	std::string text = options.json ? format_stat_json(rows.value(), context) : format_stat_table(rows.value());
	std::fputs(text.c_str(), out);
	return exit_success;
}

} // namespace rex::cli
