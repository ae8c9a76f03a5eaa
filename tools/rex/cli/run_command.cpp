// SPDX-License-Identifier: GPL-2.0
#include "run_command.h"

#include "attach_command.h"
#include "error_report.h"
#include "exit_code.h"
#include "load_command.h"
#include "map_data.h"

#include <librex/link.h>
#include <librex/object.h>
#include <librex/perf_event.h>
#include <librex/tracefs.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace rex::cli {

namespace {

volatile std::sig_atomic_t stop_signal = 0;

void on_stop_signal(int signal)
{
	stop_signal = signal;
}

/*
 * SIGINT and SIGTERM set stop_signal instead of killing rex, so that the
 * links close in order; they stay blocked except inside ppoll(), where
 * one can arrive without a race.  Restores everything when destroyed.
 */
class StopSignals {
public:
	StopSignals()
	{
		stop_signal = 0;
		struct sigaction action = {};
		action.sa_handler = on_stop_signal;
		sigemptyset(&action.sa_mask);
		sigaction(SIGINT, &action, &old_int_);
		sigaction(SIGTERM, &action, &old_term_);

		sigset_t stop;
		sigemptyset(&stop);
		sigaddset(&stop, SIGINT);
		sigaddset(&stop, SIGTERM);
		sigprocmask(SIG_BLOCK, &stop, &old_mask_);
		wait_mask_ = old_mask_;
		sigdelset(&wait_mask_, SIGINT);
		sigdelset(&wait_mask_, SIGTERM);
	}
	~StopSignals()
	{
		sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
		sigaction(SIGINT, &old_int_, nullptr);
		sigaction(SIGTERM, &old_term_, nullptr);
	}
	StopSignals(const StopSignals &) = delete;
	StopSignals &operator=(const StopSignals &) = delete;

	/* The mask to wait with: SIGINT and SIGTERM let through. */
	const sigset_t *wait_mask() const { return &wait_mask_; }

private:
	struct sigaction old_int_ = {};
	struct sigaction old_term_ = {};
	sigset_t old_mask_;
	sigset_t wait_mask_;
};

std::int64_t monotonic_ns()
{
	timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/* Copies what fd has now; EAGAIN (nothing more) is not an error. */
Result<void> copy_available(int fd, std::FILE *out)
{
	char buf[16384];
	for (;;) {
		ssize_t n = ::read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return Error::from_errno(errno, "reading the trace pipe");
		}
		if (n == 0)
			break;
		std::fwrite(buf, 1, static_cast<std::size_t>(n), out);
	}
	std::fflush(out);
	return {};
}

/* The trace pipe, or an invalid fd and a note when there is none. */
UniqueFd open_trace_pipe(std::FILE *err)
{
	Result<std::string> path = tracefs_path("trace_pipe");
	if (!path) {
		std::fprintf(err, "rex run: note: %s (%s); not streaming trace output\n",
			     path.error().message().c_str(), std::string(tracefs_mount_hint).c_str());
		return UniqueFd();
	}
	UniqueFd fd(::open(path.value().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	if (!fd.valid()) {
		std::fprintf(err, "rex run: note: opening %s: %s; not streaming trace output\n", path.value().c_str(),
			     std::strerror(errno));
		return fd;
	}
	std::fprintf(err, "rex run: streaming %s (Ctrl-C stops)\n", path.value().c_str());
	return fd;
}

/*
 * A reader of the image's ring buffers and perf event arrays, each named
 * on err.  Opened before the programs are attached: a perf event array's
 * output() fails with ENOENT on a CPU until its event is stored.
 */
Result<events::EventReader> open_events(const Object &object, std::FILE *err)
{
	events::EventReader reader = REX_TRY(events::EventReader::create());
	std::optional<std::vector<std::uint32_t>> cpus;
	for (const Map &map : object.maps()) {
		const MapDesc &desc = map.desc();
		if (REX_TRY(add_event_map(reader, map.fd(), desc.map_type, map.name(), desc.max_entries, "run",
					  map.name(), cpus, err)))
			std::fprintf(err, "rex run: streaming the records of %s\n", map.name().c_str());
	}
	return reader;
}

/*
 * Attaches every action's program, the links going into links; on failure
 * says why on err and returns false.
 */
bool attach_all(Object &object, std::span<const AttachAction> plan, std::vector<Link> &links, std::FILE *err)
{
	for (const AttachAction &action : plan) {
		const Program *prog = object.find_program(action.program);
		Result<std::vector<Link>> made = attach(prog->fd(), prog->desc().prog_type, action.target);
		if (!made) {
			Error error(made.error().code(),
				    "attaching " + action.program + " to " + describe_target(action.target) + ": " +
					    made.error().message());
			std::fprintf(err, "%s\n",
				     format_error("run", error, attach_error_hint(action.target, error.code())).c_str());
			return false;
		}
		std::string ids;
		for (Link &link : made.value()) {
			ids += (ids.empty() ? "" : ", ") + std::to_string(link.id());
			links.push_back(std::move(link));
		}
		std::fprintf(err, "attached %s to %s (link %s)\n", action.program.c_str(),
			     describe_target(action.target).c_str(), ids.c_str());
	}
	return true;
}

} // namespace

std::string format_attach_plan(std::span<const AttachAction> plan)
{
	std::string text;
	for (const AttachAction &action : plan)
		text += action.program + ": " + describe_target(action.target) + "\n";
	return text;
}

std::string format_event(const events::Event &event)
{
	std::string where = (event.map ? *event.map : std::string("?")) +
			    (event.cpu ? " cpu " + std::to_string(*event.cpu) : std::string());
	if (event.lost)
		return "lost " + where + ": " + std::to_string(event.lost) + " record" + (event.lost == 1 ? "" : "s") +
		       "\n";
	std::string line = "event " + where + ": " + std::to_string(event.data.size()) + " byte" +
			   (event.data.size() == 1 ? "" : "s");
	if (!event.data.empty())
		line += ": " + format_hex_bytes(event.data);
	return line + "\n";
}

std::string format_left_out_cpus(std::string_view command, std::string_view map, std::uint32_t slots,
				 std::span<const std::uint32_t> cpus)
{
	if (cpus.empty())
		return std::string();
	std::string list;
	for (std::uint32_t cpu : cpus)
		list += (list.empty() ? "" : ", ") + std::to_string(cpu);
	return "rex " + std::string(command) + ": note: " + std::string(map) + " has " + std::to_string(slots) +
	       " slot" + (slots == 1 ? "" : "s") + ": CPU" + (cpus.size() == 1 ? " " : "s ") + list +
	       (cpus.size() == 1 ? " is" : " are") + " not read (output() fails there with E2BIG)\n";
}

Result<bool> add_event_map(events::EventReader &events, int fd, std::uint32_t type, const std::string &name,
			   std::uint32_t max_entries, std::string_view command, std::string_view label,
			   std::optional<std::vector<std::uint32_t>> &cpus, std::FILE *err)
{
	if (type == BPF_MAP_TYPE_RINGBUF) {
		REX_TRY(events.add_ringbuf(fd, name, max_entries));
		return true;
	}
	if (type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return false;
	if (!cpus)
		cpus = REX_TRY(perf::read_online_cpus());
	std::vector<std::uint32_t> left_out = REX_TRY(events.add_perf_array(fd, name, max_entries, *cpus));
	std::fputs(format_left_out_cpus(command, label, max_entries, left_out).c_str(), err);
	return true;
}

Result<void> print_events(events::EventReader &events, std::FILE *out)
{
	Result<void> read = events.consume([out](const events::Event &event) {
		std::fputs(format_event(event).c_str(), out);
	});
	std::fflush(out);
	return read;
}

Result<int> stream_until_stopped(int fd, events::EventReader *events, std::optional<std::uint64_t> duration_s,
				 std::FILE *out)
{
	StopSignals signals;
	std::int64_t deadline = duration_s ? monotonic_ns() + static_cast<std::int64_t>(*duration_s) * 1000000000 : 0;
	while (!stop_signal) {
		timespec timeout = {};
		if (duration_s) {
			std::int64_t left = deadline - monotonic_ns();
			if (left <= 0)
				break;
			timeout.tv_sec = left / 1000000000;
			timeout.tv_nsec = left % 1000000000;
		}
		pollfd pfds[2];
		nfds_t n = 0;
		if (fd >= 0)
			pfds[n++] = {fd, POLLIN, 0};
		if (events && !events->empty())
			pfds[n++] = {events->fd(), POLLIN, 0};
		int ready = ::ppoll(n ? pfds : nullptr, n, duration_s ? &timeout : nullptr, signals.wait_mask());
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			return Error::from_errno(errno, "waiting for trace output and events");
		}
		for (nfds_t i = 0; ready > 0 && i < n; i++) {
			if (!(pfds[i].revents & POLLIN))
				continue;
			if (pfds[i].fd == fd)
				REX_TRY(copy_available(fd, out));
			else
				REX_TRY(print_events(*events, out));
		}
	}
	/* What came in the last moment. */
	if (events && !events->empty())
		REX_TRY(print_events(*events, out));
	return static_cast<int>(stop_signal);
}

int run_run(const RunOptions &options, std::FILE *out, std::FILE *err)
{
	Result<Object> opened = Object::open(options.image);
	if (!opened) {
		std::fprintf(err, "%s\n",
			     format_error("run", opened.error(), image_error_hint(opened.error().code())).c_str());
		return exit_failure;
	}
	Object &object = opened.value();

	Result<std::vector<AttachAction>> plan = plan_attach(object.image().programs(), options.targets);
	if (!plan) {
		std::fprintf(err, "rex run: %s\n", plan.error().message().c_str());
		if (plan.error().code() == EINVAL)
			std::fprintf(err, "rex run: declare the target in the image (REX_PROGRAM(..., .target = ...)) "
					  "or give it with --target PROG=TARGET; see rex help run\n");
		return exit_failure;
	}
	if (options.dry_run) {
		std::fputs(format_attach_plan(plan.value()).c_str(), out);
		return exit_success;
	}

	if (options.keep_running)
		object.set_panic_policy(PanicPolicy::keep_running);
	Result<void> loaded = object.load();
	for (const Program &prog : object.programs())
		if (prog.loaded())
			std::fprintf(err, "loaded %s id %u\n", prog.name().c_str(), prog.id());
	if (!loaded) {
		std::fputs(format_load_error(loaded.error(), object.load_log(), "run", options.keep_running).c_str(),
			   err);
		return exit_failure;
	}
	if (options.pin_dir) {
		Result<void> pinned = object.pin(*options.pin_dir);
		if (!pinned) {
			std::fprintf(err, "%s\n",
				     format_error("run", pinned.error(), pin_error_hint(pinned.error().code())).c_str());
			return exit_failure;
		}
		std::fprintf(err, "pinned the programs and maps in %s (they stay after rex run)\n",
			     options.pin_dir->c_str());
	}

	Result<events::EventReader> reader = open_events(object, err);
	if (!reader) {
		std::fprintf(err, "%s\n", format_error("run", reader.error()).c_str());
		return exit_failure;
	}
	std::vector<Link> links;
	if (!attach_all(object, plan.value(), links, err))
		return exit_failure;

	UniqueFd trace = open_trace_pipe(err);
	Result<int> stopped = stream_until_stopped(trace.get(), &reader.value(), options.duration_s, out);
	std::size_t count = links.size();
	links.clear();
	/* What the programs sent before they were detached. */
	if (stopped && !reader.value().empty())
		if (Result<void> last = print_events(reader.value(), out); !last)
			stopped = last.error();
	if (!stopped) {
		std::fprintf(err, "%s\n", format_error("run", stopped.error()).c_str());
		return exit_failure;
	}
	std::fprintf(err, "rex run: %s; detached %zu link%s\n",
		     stopped.value() ? strsignal(stopped.value()) : "time is up", count, count == 1 ? "" : "s");
	return exit_success;
}

} // namespace rex::cli
