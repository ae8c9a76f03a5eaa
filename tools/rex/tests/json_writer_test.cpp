// SPDX-License-Identifier: GPL-2.0
#include <librex/json_writer.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace rex {
namespace {

std::string quoted(std::string_view s)
{
	std::string out;
	json_append_string(out, s);
	return out;
}

TEST(JsonString, PlainTextIsQuoted)
{
	EXPECT_EQ(quoted("xdp_pass"), "\"xdp_pass\"");
	EXPECT_EQ(quoted(""), "\"\"");
}

TEST(JsonString, EscapesQuoteAndBackslash)
{
	EXPECT_EQ(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
}

TEST(JsonString, EscapesNamedControlCharacters)
{
	EXPECT_EQ(quoted("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
}

TEST(JsonString, EscapesOtherControlCharactersAsUnicode)
{
	EXPECT_EQ(quoted(std::string_view("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
}

TEST(JsonString, KeepsSlashDelAndUtf8)
{
	EXPECT_EQ(quoted("/\x7f\xc3\xa9"), "\"/\x7f\xc3\xa9\"");
}

TEST(JsonWriter, EmptyContainers)
{
	JsonWriter array;
	array.begin_array().end_array();
	EXPECT_EQ(array.str(), "[]");

	JsonWriter object;
	object.begin_object().end_object();
	EXPECT_EQ(object.str(), "{}");
}

TEST(JsonWriter, ObjectMembersOfEveryKind)
{
	JsonWriter json;
	json.begin_object()
		.member("id", std::uint32_t{7})
		.member("neg", -3)
		.member("big", std::numeric_limits<std::uint64_t>::max())
		.member("name", "x\"y")
		.member("jited", true)
		.member("off", false)
		.key("none").null_value()
		.end_object();
	EXPECT_EQ(json.str(), "{\"id\":7,\"neg\":-3,\"big\":18446744073709551615,"
			      "\"name\":\"x\\\"y\",\"jited\":true,\"off\":false,\"none\":null}");
}

TEST(JsonWriter, ArrayOfObjectsIsCommaSeparated)
{
	JsonWriter json;
	json.begin_array();
	for (int i = 1; i <= 3; i++)
		json.begin_object().member("id", i).end_object();
	json.end_array();
	EXPECT_EQ(json.str(), "[{\"id\":1},{\"id\":2},{\"id\":3}]");
}

TEST(JsonWriter, NestedContainers)
{
	JsonWriter json;
	json.begin_object().key("ids").begin_array().value(1).value(2).end_array();
	json.key("inner").begin_object().member("k", "v").end_object();
	json.end_object();
	EXPECT_EQ(json.str(), "{\"ids\":[1,2],\"inner\":{\"k\":\"v\"}}");
}

TEST(JsonWriter, EscapesKeys)
{
	JsonWriter json;
	json.begin_object().member("a\nb", 1).end_object();
	EXPECT_EQ(json.str(), "{\"a\\nb\":1}");
}

} // namespace
} // namespace rex
