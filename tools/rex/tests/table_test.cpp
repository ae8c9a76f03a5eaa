// SPDX-License-Identifier: GPL-2.0
#include "table.h"

#include <gtest/gtest.h>

namespace rex::cli {
namespace {

TEST(Table, AlignsColumnsToWidestCell)
{
	Table table({{"N", Align::right}, {"WORD", Align::left}, {"X", Align::left}});
	table.add_row({"1", "a", "p"});
	table.add_row({"100", "abcdef", "q"});
	EXPECT_EQ(table.render(),
		  "  N  WORD    X\n"
		  "  1  a       p\n"
		  "100  abcdef  q\n");
}

TEST(Table, NoTrailingBlanks)
{
	Table table({{"A", Align::left}, {"LONGTITLE", Align::left}});
	table.add_row({"x", ""});
	table.add_row({"y"}); /* missing cell */
	EXPECT_EQ(table.render(), "A  LONGTITLE\nx\ny\n");
}

TEST(Table, HeaderOnlyWhenEmpty)
{
	Table table({{"ID", Align::right}, {"NAME", Align::left}});
	EXPECT_EQ(table.render(), "ID  NAME\n");
}

} // namespace
} // namespace rex::cli
