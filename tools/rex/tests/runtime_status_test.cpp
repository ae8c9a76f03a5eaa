// SPDX-License-Identifier: GPL-2.0
/* /proc/rex/progs: the Rex runtime's list of programs, parsed from sample text. */
#include <librex/runtime_status.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace rex {
namespace {

constexpr std::string_view sample =
	"id name state policy panics timeouts skipped\n"
	"42 kprobe_count ok crash-stop 0 0 0\n"
	"43 xdp_drop faulted crash-stop 1 0 1289\n"
	"57 perf_sample ok keep-running 12 3 0\n";

/* The message of a failed parse; fails the test if it succeeded. */
std::string parse_error(std::string_view text)
{
	Result<std::vector<RuntimeStatus>> parsed = parse_runtime_status(text);
	EXPECT_FALSE(parsed.has_value()) << text;
	if (parsed)
		return {};
	EXPECT_EQ(parsed.error().code(), EBADMSG);
	return parsed.error().message();
}

TEST(RuntimeStatus, ParsesEveryField)
{
	Result<std::vector<RuntimeStatus>> parsed = parse_runtime_status(sample);
	ASSERT_TRUE(parsed) << parsed.error().message();
	const std::vector<RuntimeStatus> &statuses = parsed.value();
	ASSERT_EQ(statuses.size(), 3u);

	EXPECT_EQ(statuses[0].id, 42u);
	EXPECT_EQ(statuses[0].name, "kprobe_count");
	EXPECT_EQ(statuses[0].state, ProgState::ok);
	EXPECT_EQ(statuses[0].policy, PanicPolicy::crash_stop);

	EXPECT_EQ(statuses[1].id, 43u);
	EXPECT_EQ(statuses[1].state, ProgState::faulted);
	EXPECT_EQ(statuses[1].panics, 1u);
	EXPECT_EQ(statuses[1].timeouts, 0u);
	EXPECT_EQ(statuses[1].skipped, 1289u);

	EXPECT_EQ(statuses[2].policy, PanicPolicy::keep_running);
	EXPECT_EQ(statuses[2].panics, 12u);
	EXPECT_EQ(statuses[2].timeouts, 3u);
}

TEST(RuntimeStatus, HeaderAloneIsNoProgram)
{
	Result<std::vector<RuntimeStatus>> parsed = parse_runtime_status("id name state policy panics timeouts skipped\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	EXPECT_TRUE(parsed.value().empty());
}

TEST(RuntimeStatus, ExtraTrailingColumnsAreIgnored)
{
	Result<std::vector<RuntimeStatus>> parsed =
		parse_runtime_status("id name state policy panics timeouts skipped stack_max cpu_ns\n"
				     "9 p ok crash-stop 1 2 3 4096 77\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 1u);
	EXPECT_EQ(parsed.value()[0].skipped, 3u);
}

TEST(RuntimeStatus, NoFinalNewlineAndEmptyName)
{
	Result<std::vector<RuntimeStatus>> parsed =
		parse_runtime_status("id name state policy panics timeouts skipped\n9  ok crash-stop 0 0 0");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 1u);
	EXPECT_EQ(parsed.value()[0].id, 9u);
	EXPECT_EQ(parsed.value()[0].name, "");
}

TEST(RuntimeStatus, DashIsNoName)
{
	Result<std::vector<RuntimeStatus>> parsed =
		parse_runtime_status("id name state policy panics timeouts skipped\n9 - faulted keep-running 1 0 0\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 1u);
	EXPECT_EQ(parsed.value()[0].name, "");
	EXPECT_EQ(parsed.value()[0].state, ProgState::faulted);
}

TEST(RuntimeStatus, MalformedTextNamesTheLine)
{
	EXPECT_EQ(parse_error(""), "/proc/rex/progs line 1: the header line is missing");
	EXPECT_EQ(parse_error("id name state\n"),
		  "/proc/rex/progs line 1: expected the header 'id name state policy panics timeouts skipped', "
		  "got 'id name state'");
	std::string header = "id name state policy panics timeouts skipped\n";
	EXPECT_EQ(parse_error(header + "42 p ok crash-stop 0 0\n"),
		  "/proc/rex/progs line 2: expected 7 fields separated by single spaces, got '42 p ok crash-stop 0 0'");
	EXPECT_EQ(parse_error(header + "42 p ok crash-stop 0 0 0\nx p ok crash-stop 0 0 0\n"),
		  "/proc/rex/progs line 3: id 'x' is not a program id");
	EXPECT_EQ(parse_error(header + "42 p disabled crash-stop 0 0 0\n"),
		  "/proc/rex/progs line 2: unknown state 'disabled' (ok or faulted)");
	EXPECT_EQ(parse_error(header + "42 p ok restart 0 0 0\n"),
		  "/proc/rex/progs line 2: unknown policy 'restart' (crash-stop or keep-running)");
	EXPECT_EQ(parse_error(header + "42 p ok crash-stop 0 -1 0\n"),
		  "/proc/rex/progs line 2: timeouts '-1' is not a number");
	EXPECT_EQ(parse_error(header + "42  p ok crash-stop 0 0 0\n"),
		  "/proc/rex/progs line 2: unknown state 'p' (ok or faulted)")
		<< "fields are separated by single spaces";
}

TEST(RuntimeStatus, MissingFileMeansNoRexRuntime)
{
	Result<std::vector<RuntimeStatus>> read = read_runtime_status("/nonexistent/rex/progs");
	ASSERT_FALSE(read);
	EXPECT_EQ(read.error().code(), ENOENT);
	EXPECT_EQ(read.error().message(), "this kernel has no Rex runtime (/nonexistent/rex/progs missing)");
}

TEST(RuntimeStatus, DefaultPathIsProcRexProgs)
{
	EXPECT_STREQ(rex_progs_path, "/proc/rex/progs");
}

TEST(RuntimeStatus, FindById)
{
	std::vector<RuntimeStatus> statuses = parse_runtime_status(sample).release_value();
	ASSERT_NE(find_runtime_status(statuses, 43), nullptr);
	EXPECT_EQ(find_runtime_status(statuses, 43)->name, "xdp_drop");
	EXPECT_EQ(find_runtime_status(statuses, 44), nullptr);
}

TEST(RuntimeStatus, Names)
{
	EXPECT_EQ(prog_state_name(ProgState::ok), "ok");
	EXPECT_EQ(prog_state_name(ProgState::faulted), "faulted");
	EXPECT_EQ(panic_policy_name(PanicPolicy::crash_stop), "crash-stop");
	EXPECT_EQ(panic_policy_name(PanicPolicy::keep_running), "keep-running");
	EXPECT_EQ(parse_panic_policy("keep-running"), PanicPolicy::keep_running);
	EXPECT_EQ(parse_panic_policy("crash-stop"), PanicPolicy::crash_stop);
	EXPECT_EQ(parse_panic_policy("Keep-Running"), std::nullopt);
}

} // namespace
} // namespace rex
