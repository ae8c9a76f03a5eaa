// SPDX-License-Identifier: GPL-2.0
#include <librex/perf_event.h>

#include <librex/file_io.h>
#include <librex/tracefs.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <sys/syscall.h>
#include <unistd.h>

namespace rex::perf {

namespace {

std::string_view trim(std::string_view text)
{
	while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
		text.remove_suffix(1);
	while (!text.empty() && text.front() == ' ')
		text.remove_prefix(1);
	return text;
}

template <typename T>
bool parse_whole(std::string_view text, T &value)
{
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
	return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

Error malformed(std::string_view what, std::string_view text)
{
	return Error(EINVAL, "unexpected " + std::string(what) + " '" + std::string(trim(text)) + "'");
}

perf_event_attr zeroed_attr()
{
	perf_event_attr attr;
	std::memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	return attr;
}

Result<std::string> read_text(const std::string &path)
{
	std::vector<std::uint8_t> bytes = REX_TRY(read_file(path));
	return std::string(bytes.begin(), bytes.end());
}

} // namespace

Result<std::uint32_t> parse_pmu_type(std::string_view text)
{
	std::uint32_t type = 0;
	if (!parse_whole(trim(text), type))
		return malformed("PMU type", text);
	return type;
}

Result<std::uint32_t> parse_config_bit(std::string_view text)
{
	constexpr std::string_view prefix = "config:";
	std::string_view trimmed = trim(text);
	std::uint32_t bit = 0;
	if (!trimmed.starts_with(prefix) || !parse_whole(trimmed.substr(prefix.size()), bit) || bit > 63)
		return malformed("PMU format (expected 'config:BIT')", text);
	return bit;
}

Result<std::uint64_t> parse_tracepoint_id(std::string_view text)
{
	std::uint64_t id = 0;
	if (!parse_whole(trim(text), id))
		return malformed("tracepoint id", text);
	return id;
}

Result<std::vector<std::uint32_t>> parse_cpu_list(std::string_view text)
{
	std::vector<std::uint32_t> cpus;
	std::string_view rest = trim(text);
	while (!rest.empty()) {
		std::size_t comma = rest.find(',');
		std::string_view range = rest.substr(0, comma);
		rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);

		std::size_t dash = range.find('-');
		std::uint32_t first = 0;
		std::uint32_t last = 0;
		if (!parse_whole(range.substr(0, dash), first))
			return malformed("CPU list", text);
		last = first;
		if (dash != std::string_view::npos && !parse_whole(range.substr(dash + 1), last))
			return malformed("CPU list", text);
		if (last < first)
			return malformed("CPU list", text);
		for (std::uint32_t cpu = first; cpu <= last; cpu++)
			cpus.push_back(cpu);
	}
	if (cpus.empty())
		return malformed("CPU list", text);
	return cpus;
}

perf_event_attr kprobe_attr(const KprobePmu &pmu, const KprobeTarget &target)
{
	perf_event_attr attr = zeroed_attr();
	attr.type = pmu.type;
	if (target.retprobe)
		attr.config = 1ULL << pmu.retprobe_bit;
	attr.kprobe_func = reinterpret_cast<std::uintptr_t>(target.symbol.c_str());
	attr.probe_offset = 0;
	return attr;
}

perf_event_attr tracepoint_attr(std::uint64_t id)
{
	perf_event_attr attr = zeroed_attr();
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = id;
	return attr;
}

perf_event_attr cpu_clock_attr(const PerfTarget &target)
{
	perf_event_attr attr = zeroed_attr();
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	if (target.freq_hz) {
		attr.freq = 1;
		attr.sample_freq = target.freq_hz;
	} else {
		attr.sample_period = target.period_ns;
	}
	return attr;
}

perf_event_attr bpf_output_attr()
{
	perf_event_attr attr = {};
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return attr;
}

Result<KprobePmu> read_kprobe_pmu(bool need_retprobe)
{
	std::string dir(kprobe_pmu_dir);
	Result<std::string> type = read_text(dir + "/type");
	if (!type)
		return Error(type.error().code(), "no kprobe PMU: reading " + dir + "/type");
	KprobePmu pmu;
	pmu.type = REX_TRY(parse_pmu_type(type.value()));
	if (need_retprobe)
		pmu.retprobe_bit = REX_TRY(parse_config_bit(REX_TRY(read_text(dir + "/format/retprobe"))));
	return pmu;
}

Result<std::uint64_t> read_tracepoint_id(const TracepointTarget &tracepoint)
{
	std::string events = REX_TRY(tracefs_path("events"));
	std::string path = events + "/" + tracepoint.category + "/" + tracepoint.event + "/id";
	Result<std::string> text = read_text(path);
	if (!text) {
		if (text.error().code() == ENOENT)
			return Error(ENOENT, "no tracepoint " + tracepoint.category + "/" + tracepoint.event +
						     " (" + path + " does not exist)");
		return text.release_error();
	}
	return parse_tracepoint_id(text.value());
}

Result<std::vector<std::uint32_t>> read_online_cpus()
{
	return parse_cpu_list(REX_TRY(read_text(std::string(online_cpus_path))));
}

Result<UniqueFd> open_event(const perf_event_attr &attr, std::uint32_t cpu, std::string_view what)
{
	long fd = ::syscall(__NR_perf_event_open, &attr, -1 /* every process */, static_cast<int>(cpu),
			    -1 /* no group */, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "perf_event_open of " + std::string(what) + " on CPU " +
						      std::to_string(cpu));
	}
	return UniqueFd(static_cast<int>(fd));
}

} // namespace rex::perf
