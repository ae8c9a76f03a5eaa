// SPDX-License-Identifier: GPL-2.0
/* /proc/rex/log: the Rex runtime's panic reports, parsed from sample text. */
#include <librex/panic_report.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace rex {
namespace {

/* Three reports as the kernel writes them: with a location, without, without a trace. */
constexpr std::string_view sample =
	"report 7: prog 43 xdp_drop cpu 2: panic: index out of bounds at xdp_drop.cpp:31\n"
	"  <REX>\n"
	"  xdp_drop+0x4c/0x120\n"
	"  </REX>\n"
	"  bpf_prog_run_xdp+0x31/0x90\n"
	"  netif_receive_skb+0x12/0x40\n"
	"\n"
	"report 8: prog 57 perf_sample cpu 0: timeout: ran 10000 us: limit 5000 us\n"
	"  <REX>\n"
	"  perf_sample+0x10/0x80\n"
	"  </REX>\n"
	"\n"
	"report 9: prog 43 xdp_drop cpu 1: fault: page fault at address 0x10: not present\n"
	"\n";

std::vector<PanicReport> parse_sample()
{
	Result<std::vector<PanicReport>> parsed = parse_panic_reports(sample);
	EXPECT_TRUE(parsed) << parsed.error().message();
	return parsed ? parsed.release_value() : std::vector<PanicReport>();
}

/* The message of a failed parse; fails the test if it succeeded. */
std::string parse_error(std::string_view text)
{
	Result<std::vector<PanicReport>> parsed = parse_panic_reports(text);
	EXPECT_FALSE(parsed.has_value()) << text;
	if (parsed)
		return {};
	EXPECT_EQ(parsed.error().code(), EBADMSG);
	return parsed.error().message();
}

TEST(PanicReport, FirstLineFields)
{
	std::vector<PanicReport> reports = parse_sample();
	ASSERT_EQ(reports.size(), 3u);
	const PanicReport &report = reports[0];
	EXPECT_EQ(report.seq, 7u);
	EXPECT_EQ(report.prog_id, 43u);
	EXPECT_EQ(report.prog_name, "xdp_drop");
	EXPECT_EQ(report.cpu, 2u);
	EXPECT_EQ(report.reason, PanicReason::panic);
	EXPECT_EQ(report.message, "index out of bounds");
	ASSERT_TRUE(report.location);
	EXPECT_EQ(report.location->file, "xdp_drop.cpp");
	EXPECT_EQ(report.location->line, 31u);
}

TEST(PanicReport, TraceKeepsMarkersWithoutIndent)
{
	std::vector<PanicReport> reports = parse_sample();
	ASSERT_EQ(reports.size(), 3u);
	EXPECT_EQ(reports[0].trace, (std::vector<std::string>{"<REX>", "xdp_drop+0x4c/0x120", "</REX>",
							       "bpf_prog_run_xdp+0x31/0x90", "netif_receive_skb+0x12/0x40"}));
	EXPECT_EQ(reports[1].trace.size(), 3u);
	EXPECT_TRUE(reports[2].trace.empty());
}

TEST(PanicReport, MessageMayHoldColonsAndAt)
{
	std::vector<PanicReport> reports = parse_sample();
	ASSERT_EQ(reports.size(), 3u);
	EXPECT_EQ(reports[1].reason, PanicReason::timeout);
	EXPECT_EQ(reports[1].message, "ran 10000 us: limit 5000 us");
	EXPECT_FALSE(reports[1].location);
	EXPECT_EQ(reports[2].reason, PanicReason::fault);
	EXPECT_EQ(reports[2].message, "page fault at address 0x10: not present")
		<< "' at ' not followed by <file>:<line> is part of the message";
	EXPECT_FALSE(reports[2].location);
}

TEST(PanicReport, LastReportMayLackItsEmptyLine)
{
	Result<std::vector<PanicReport>> parsed =
		parse_panic_reports("report 1: prog 5 p cpu 3: stack: out of stack at lib/x.hpp:7\n  <REX>");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 1u);
	EXPECT_EQ(parsed.value()[0].reason, PanicReason::stack);
	EXPECT_EQ(parsed.value()[0].message, "out of stack");
	EXPECT_EQ(parsed.value()[0].location->file, "lib/x.hpp");
	EXPECT_EQ(parsed.value()[0].trace, (std::vector<std::string>{"<REX>"}));
}

TEST(PanicReport, EmptyNameAndEmptyMessage)
{
	Result<std::vector<PanicReport>> parsed = parse_panic_reports("report 2: prog 5  cpu 0: panic: \n\n"
								      "report 3: prog 6 q cpu 1: panic:  at a.cpp:9\n\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 2u);
	EXPECT_EQ(parsed.value()[0].prog_name, "");
	EXPECT_EQ(parsed.value()[0].message, "");
	EXPECT_FALSE(parsed.value()[0].location);
	EXPECT_EQ(parsed.value()[1].message, "");
	ASSERT_TRUE(parsed.value()[1].location);
	EXPECT_EQ(parsed.value()[1].location->line, 9u);
}

TEST(PanicReport, DashIsNoName)
{
	Result<std::vector<PanicReport>> parsed = parse_panic_reports("report 2: prog 5 - cpu 0: panic: m\n\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 1u);
	EXPECT_EQ(parsed.value()[0].prog_name, "");
}

TEST(PanicReport, TruncatedReportWithoutEmptyLine)
{
	/* The kernel's buffer filled up in the middle of a trace line. */
	Result<std::vector<PanicReport>> parsed = parse_panic_reports("report 4: prog 5 p cpu 0: panic: m\n"
								      "  <REX>\n"
								      "  p+0x1\n"
								      "report 5: prog 5 p cpu 0: panic: m\n"
								      "\n");
	ASSERT_TRUE(parsed) << parsed.error().message();
	ASSERT_EQ(parsed.value().size(), 2u);
	EXPECT_EQ(parsed.value()[0].trace, (std::vector<std::string>{"<REX>", "p+0x1"}));
	EXPECT_EQ(parsed.value()[1].seq, 5u);
}

TEST(PanicReport, EmptyLogIsNoReport)
{
	Result<std::vector<PanicReport>> parsed = parse_panic_reports("");
	ASSERT_TRUE(parsed);
	EXPECT_TRUE(parsed.value().empty());
}

TEST(PanicReport, FormatGivesBackTheKernelsText)
{
	std::string text;
	for (const PanicReport &report : parse_sample())
		text += format_panic_report(report);
	EXPECT_EQ(text, sample);
}

TEST(PanicReport, MalformedTextNamesTheLine)
{
	EXPECT_EQ(parse_error("oops\n").rfind("/proc/rex/log line 1: no 'report ' in 'oops' (expected 'report <seq>: "
					      "prog <id> <name> cpu <n>: <reason>: <message>[ at <file>:<line>]')",
					      0),
		  0u);
	EXPECT_EQ(parse_error("report x: prog 1 p cpu 0: panic: m\n").rfind("/proc/rex/log line 1: no sequence number", 0),
		  0u);
	EXPECT_EQ(parse_error("report 1: prog p cpu 0: panic: m\n").rfind("/proc/rex/log line 1: no program id", 0), 0u);
	EXPECT_EQ(parse_error("report 1: prog 4 p 0: panic: m\n").rfind("/proc/rex/log line 1: no program name and 'cpu'", 0),
		  0u);
	EXPECT_EQ(parse_error("report 1: prog 4 p cpu x: panic: m\n").rfind("/proc/rex/log line 1: no cpu number", 0),
		  0u);
	EXPECT_EQ(parse_error("report 1: prog 4 p cpu 0: oops: m\n")
			  .rfind("/proc/rex/log line 1: unknown reason 'oops' (panic, timeout, stack or fault)", 0),
		  0u);
	EXPECT_EQ(parse_error("report 1: prog 4 p cpu 0: panic: m\n  <REX>\nnot indented\n"),
		  "/proc/rex/log line 3: expected a line indented by two spaces, or the empty line that ends the "
		  "report, got 'not indented'");
}

TEST(PanicReport, ReasonNames)
{
	for (PanicReason reason : {PanicReason::panic, PanicReason::timeout, PanicReason::stack, PanicReason::fault})
		EXPECT_EQ(parse_panic_reason(panic_reason_name(reason)), reason);
	EXPECT_EQ(panic_reason_name(PanicReason::stack), "stack");
	EXPECT_EQ(parse_panic_reason("oops"), std::nullopt);
}

TEST(PanicReport, MissingFileMeansNoRexRuntime)
{
	Result<std::vector<PanicReport>> read = read_panic_reports("/nonexistent/rex/log");
	ASSERT_FALSE(read);
	EXPECT_EQ(read.error().code(), ENOENT);
	EXPECT_EQ(read.error().message(), "this kernel has no Rex runtime (/nonexistent/rex/log missing)");
	EXPECT_STREQ(rex_log_path, "/proc/rex/log");
}

TEST(PanicReport, UnreadableFileNeedsRoot)
{
	if (::geteuid() == 0)
		GTEST_SKIP() << "root reads a mode 0400 file of another owner and a mode 0000 file alike";
	char path[] = "/tmp/rex-log-test-XXXXXX";
	int fd = ::mkstemp(path);
	ASSERT_GE(fd, 0);
	::close(fd);
	ASSERT_EQ(::chmod(path, 0), 0);
	Result<std::vector<PanicReport>> read = read_panic_reports(path);
	::unlink(path);
	ASSERT_FALSE(read);
	EXPECT_EQ(read.error().code(), EACCES);
	EXPECT_EQ(read.error().message(), std::string("reading Rex reports needs root (") + path + ")");
}

TEST(PanicReport, ReadsAFile)
{
	char path[] = "/tmp/rex-log-test-XXXXXX";
	int fd = ::mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(::write(fd, sample.data(), sample.size()), static_cast<ssize_t>(sample.size()));
	::close(fd);
	Result<std::vector<PanicReport>> read = read_panic_reports(path);
	::unlink(path);
	ASSERT_TRUE(read) << read.error().message();
	EXPECT_EQ(read.value().size(), 3u);
}

} // namespace
} // namespace rex
