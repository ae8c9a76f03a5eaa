// SPDX-License-Identifier: GPL-2.0
#include <librex/attach_target.h>

#include <librex/prog_type.h>

#include <linux/bpf.h>

#include <cerrno>
#include <charconv>

namespace rex {

namespace {

/* std::visit with one lambda per alternative. */
template <typename... F>
struct Overloaded : F... {
	using F::operator()...;
};

Error invalid(std::string message)
{
	return Error(EINVAL, std::move(message));
}

std::string quoted(std::string_view text)
{
	return "'" + std::string(text) + "'";
}

constexpr std::size_t ifname_max = 15;  /* IFNAMSIZ - 1 */
constexpr std::size_t ksym_max = 511;   /* KSYM_NAME_LEN - 1 */
constexpr std::string_view return_suffix = "%return";

bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* A tracefs directory name: becomes part of a path, so no '/' and no "..". */
bool is_event_name(std::string_view name)
{
	if (name.empty() || name == "." || name == "..")
		return false;
	for (char c : name) {
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
			  c == '-' || c == '.';
		if (!ok)
			return false;
	}
	return true;
}

/* Splits "a:b" at the last ':'; b is nullopt without one. */
std::pair<std::string_view, std::optional<std::string_view>> split_suffix(std::string_view text)
{
	std::size_t colon = text.rfind(':');
	if (colon == std::string_view::npos)
		return {text, std::nullopt};
	return {text.substr(0, colon), text.substr(colon + 1)};
}

Result<AttachTarget> xdp_from_descriptor(std::string_view target)
{
	if (target.empty())
		return invalid("an xdp program needs a device: 'DEV', 'DEV:generic' or 'DEV:native'");
	auto [device, mode] = split_suffix(target);
	XdpTarget xdp;
	xdp.device = REX_TRY(parse_device_name(device));
	if (mode)
		xdp.mode = REX_TRY(parse_xdp_mode(*mode));
	return AttachTarget(std::move(xdp));
}

Result<AttachTarget> tc_from_descriptor(std::string_view target)
{
	auto [device, direction] = split_suffix(target);
	if (target.empty() || !direction)
		return invalid("a sched_cls program needs a device and a direction: 'DEV:ingress' or 'DEV:egress'" +
			       (target.empty() ? std::string() : ", not " + quoted(target)));
	TcTarget tc;
	tc.device = REX_TRY(parse_device_name(device));
	tc.direction = REX_TRY(parse_tc_direction(*direction));
	return AttachTarget(std::move(tc));
}

Result<AttachTarget> perf_from_descriptor(std::string_view target)
{
	constexpr std::string_view event = "cpu-clock";
	PerfTarget perf;
	if (target.empty() || target == event)
		return AttachTarget(perf);
	constexpr std::string_view freq = "cpu-clock:freq=";
	constexpr std::string_view period = "cpu-clock:period=";
	if (target.starts_with(freq)) {
		perf.freq_hz = REX_TRY(parse_positive_number("frequency", target.substr(freq.size())));
	} else if (target.starts_with(period)) {
		perf.freq_hz = 0;
		perf.period_ns = REX_TRY(parse_positive_number("period", target.substr(period.size())));
	} else {
		return invalid("a perf_event program's target is '', 'cpu-clock', 'cpu-clock:freq=HZ' or "
			       "'cpu-clock:period=NS', not " +
			       quoted(target));
	}
	return AttachTarget(perf);
}

} // namespace

std::string_view target_kind(const AttachTarget &target)
{
	return std::visit(Overloaded{
				  [](const XdpTarget &) { return std::string_view("xdp"); },
				  [](const TcTarget &) { return std::string_view("tc"); },
				  [](const KprobeTarget &k) {
					  return std::string_view(k.retprobe ? "kretprobe" : "kprobe");
				  },
				  [](const TracepointTarget &) { return std::string_view("tracepoint"); },
				  [](const PerfTarget &) { return std::string_view("perf"); },
			  },
			  target);
}

std::string describe_target(const AttachTarget &target)
{
	std::string text(target_kind(target));
	text += ' ';
	std::visit(Overloaded{
			   [&](const XdpTarget &xdp) {
				   text += xdp.device;
				   if (xdp.mode == XdpMode::generic)
					   text += " (generic)";
				   else if (xdp.mode == XdpMode::native)
					   text += " (native)";
			   },
			   [&](const TcTarget &tc) {
				   text += tc.device;
				   text += tc.direction == TcDirection::ingress ? " ingress" : " egress";
			   },
			   [&](const KprobeTarget &k) { text += k.symbol; },
			   [&](const TracepointTarget &tp) { text += tp.category + "/" + tp.event; },
			   [&](const PerfTarget &perf) {
				   text += "cpu-clock";
				   if (perf.freq_hz)
					   text += " at " + std::to_string(perf.freq_hz) + " Hz";
				   else
					   text += " every " + std::to_string(perf.period_ns) + " ns";
				   text += perf.cpu ? " on CPU " + std::to_string(*perf.cpu) : " on every CPU";
			   },
		   },
		   target);
	return text;
}

Result<void> check_target_prog_type(const AttachTarget &target, std::uint32_t prog_type)
{
	std::uint32_t wanted = std::visit(Overloaded{
						  [](const XdpTarget &) { return std::uint32_t(BPF_PROG_TYPE_XDP); },
						  [](const TcTarget &) { return std::uint32_t(BPF_PROG_TYPE_SCHED_CLS); },
						  [](const KprobeTarget &) { return std::uint32_t(BPF_PROG_TYPE_KPROBE); },
						  [](const TracepointTarget &) {
							  return std::uint32_t(BPF_PROG_TYPE_TRACEPOINT);
						  },
						  [](const PerfTarget &) { return std::uint32_t(BPF_PROG_TYPE_PERF_EVENT); },
					  },
					  target);
	if (prog_type == wanted)
		return {};
	return invalid("program type " + prog_type_name(prog_type) + " cannot attach to " + describe_target(target) +
		       ", which takes type " + prog_type_name(wanted));
}

bool target_has_one_link_per_cpu(const AttachTarget &target)
{
	const PerfTarget *perf = std::get_if<PerfTarget>(&target);
	return perf && !perf->cpu;
}

Result<std::string> parse_device_name(std::string_view name)
{
	/* The kernel's dev_valid_name(). */
	bool valid = !name.empty() && name.size() <= ifname_max && name != "." && name != "..";
	for (char c : name)
		if (c == '/' || c == ':' || is_space(c))
			valid = false;
	if (!valid)
		return invalid(quoted(name) + " is not a network device name (1 to 15 characters, no '/', ':' or spaces)");
	return std::string(name);
}

Result<XdpMode> parse_xdp_mode(std::string_view mode)
{
	if (mode == "generic")
		return XdpMode::generic;
	if (mode == "native")
		return XdpMode::native;
	return invalid(quoted(mode) + " is not an xdp mode: generic or native");
}

Result<TcDirection> parse_tc_direction(std::string_view direction)
{
	if (direction == "ingress")
		return TcDirection::ingress;
	if (direction == "egress")
		return TcDirection::egress;
	return invalid(quoted(direction) + " is not a tc direction: ingress or egress");
}

Result<KprobeTarget> parse_kprobe_symbol(std::string_view symbol, bool retprobe)
{
	KprobeTarget kprobe;
	kprobe.retprobe = retprobe;
	if (symbol.ends_with(return_suffix)) {
		symbol.remove_suffix(return_suffix.size());
		kprobe.retprobe = true;
	}
	bool valid = !symbol.empty() && symbol.size() <= ksym_max;
	for (char c : symbol)
		if (is_space(c) || c == '%' || c == '/')
			valid = false;
	if (!valid)
		return invalid(quoted(symbol) + " is not a kernel symbol (see /proc/kallsyms)");
	kprobe.symbol = symbol;
	return kprobe;
}

Result<TracepointTarget> parse_tracepoint_name(std::string_view name)
{
	std::size_t slash = name.find('/');
	if (slash == std::string_view::npos || !is_event_name(name.substr(0, slash)) ||
	    !is_event_name(name.substr(slash + 1)))
		return invalid(quoted(name) +
			       " is not a tracepoint: CATEGORY/EVENT, e.g. sched/sched_process_exec "
			       "(see /sys/kernel/tracing/events)");
	TracepointTarget tp;
	tp.category = name.substr(0, slash);
	tp.event = name.substr(slash + 1);
	return tp;
}

Result<std::uint64_t> parse_positive_number(std::string_view what, std::string_view text)
{
	std::uint64_t value = 0;
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
	if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0)
		return invalid("the " + std::string(what) + " must be a positive whole number, not " + quoted(text));
	return value;
}

Result<std::optional<std::uint32_t>> parse_cpu(std::string_view text)
{
	if (text == "all")
		return std::optional<std::uint32_t>();
	std::uint32_t cpu = 0;
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cpu);
	if (text.empty() || ec != std::errc() || end != text.data() + text.size())
		return invalid("the CPU must be a number or 'all', not " + quoted(text));
	return std::optional<std::uint32_t>(cpu);
}

Result<AttachTarget> target_from_descriptor(std::uint32_t prog_type, std::string_view target)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_XDP:
		return xdp_from_descriptor(target);
	case BPF_PROG_TYPE_SCHED_CLS:
		return tc_from_descriptor(target);
	case BPF_PROG_TYPE_KPROBE:
		if (target.empty())
			return invalid("a kprobe program needs a kernel symbol: 'SYMBOL' or 'SYMBOL%return'");
		return AttachTarget(REX_TRY(parse_kprobe_symbol(target, false)));
	case BPF_PROG_TYPE_TRACEPOINT:
		if (target.empty())
			return invalid("a tracepoint program needs a tracepoint: 'CATEGORY/EVENT'");
		return AttachTarget(REX_TRY(parse_tracepoint_name(target)));
	case BPF_PROG_TYPE_PERF_EVENT:
		return perf_from_descriptor(target);
	default:
		return Error(ENOTSUP, "rex attaches xdp, sched_cls, kprobe, tracepoint and perf_event programs, not " +
					      prog_type_name(prog_type) + " programs");
	}
}

} // namespace rex
