// SPDX-License-Identifier: GPL-2.0
/* rex log: choosing one program's reports, the text and the JSON. */
#include "log_command.h"

#include <gtest/gtest.h>

#include <vector>

namespace rex::cli {
namespace {

std::vector<PanicReport> sample_reports()
{
	PanicReport bounds;
	bounds.seq = 7;
	bounds.prog_id = 43;
	bounds.prog_name = "xdp_drop";
	bounds.cpu = 2;
	bounds.reason = PanicReason::panic;
	bounds.message = "index \"i\" out of bounds";
	bounds.location = SourceLocation{"xdp_drop.cpp", 31};
	bounds.trace = {"<REX>", "xdp_drop+0x4c/0x120", "</REX>"};

	PanicReport slow;
	slow.seq = 8;
	slow.prog_id = 57;
	slow.prog_name = "perf_sample";
	slow.reason = PanicReason::timeout;
	slow.message = "ran 10000 us";

	return {bounds, slow};
}

TEST(LogSelect, ByProgramOrAll)
{
	std::vector<PanicReport> reports = sample_reports();
	EXPECT_EQ(select_reports(reports, std::nullopt).size(), 2u);
	std::vector<PanicReport> one = select_reports(reports, 57);
	ASSERT_EQ(one.size(), 1u);
	EXPECT_EQ(one[0].seq, 8u);
	EXPECT_TRUE(select_reports(reports, 99).empty());
}

TEST(LogText, AsTheKernelWroteIt)
{
	EXPECT_EQ(format_log_text(sample_reports()),
		  "report 7: prog 43 xdp_drop cpu 2: panic: index \"i\" out of bounds at xdp_drop.cpp:31\n"
		  "  <REX>\n"
		  "  xdp_drop+0x4c/0x120\n"
		  "  </REX>\n"
		  "\n"
		  "report 8: prog 57 perf_sample cpu 0: timeout: ran 10000 us\n"
		  "\n");
	EXPECT_EQ(format_log_text({}), "");
}

TEST(LogJson, ArrayOfReports)
{
	EXPECT_EQ(format_log_json(sample_reports()),
		  "[{\"seq\":7,\"prog_id\":43,\"prog_name\":\"xdp_drop\",\"cpu\":2,\"reason\":\"panic\","
		  "\"message\":\"index \\\"i\\\" out of bounds\",\"file\":\"xdp_drop.cpp\",\"line\":31,"
		  "\"trace\":[\"<REX>\",\"xdp_drop+0x4c/0x120\",\"</REX>\"]},"
		  "{\"seq\":8,\"prog_id\":57,\"prog_name\":\"perf_sample\",\"cpu\":0,\"reason\":\"timeout\","
		  "\"message\":\"ran 10000 us\",\"file\":null,\"line\":null,\"trace\":[]}]\n");
	EXPECT_EQ(format_log_json({}), "[]\n");
}

} // namespace
} // namespace rex::cli
