// SPDX-License-Identifier: GPL-2.0
#include "test_data.h"

#include <librex/compile_commands.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace rex::testing {
namespace {

std::string read_text(const std::string &path)
{
	std::ifstream in(path);
	std::stringstream text;
	text << in.rdbuf();
	return text.str();
}

CompileCommand command(const std::string &file, const std::string &flag)
{
	return CompileCommand{"/work", file, {"clang++-19", flag, "-c", file}};
}

TEST(CompileCommands, CreatesTheDatabase)
{
	ScratchDir dir;
	std::string path = dir.file("compile_commands.json");
	ASSERT_TRUE(update_compile_commands(path, command("/src/a.cpp", "-DA")));
	EXPECT_EQ(read_text(path), "[\n"
				   "{\"file\":\"/src/a.cpp\",\"directory\":\"/work\",\"arguments\":"
				   "[\"clang++-19\",\"-DA\",\"-c\",\"/src/a.cpp\"]}\n"
				   "]\n");
}

TEST(CompileCommands, AddsOtherFilesAndReplacesTheSameFile)
{
	ScratchDir dir;
	std::string path = dir.file("compile_commands.json");
	ASSERT_TRUE(update_compile_commands(path, command("/src/a.cpp", "-DA")));
	ASSERT_TRUE(update_compile_commands(path, command("/src/b.cpp", "-DB")));
	ASSERT_TRUE(update_compile_commands(path, command("/src/a.cpp", "-DA2")));

	std::string text = read_text(path);
	EXPECT_EQ(text.find("\"-DA\""), std::string::npos) << text;
	EXPECT_NE(text.find("\"-DA2\""), std::string::npos) << text;
	EXPECT_NE(text.find("\"-DB\""), std::string::npos) << text;
	/* One entry per line between the brackets, separated by commas. */
	EXPECT_EQ(text.rfind("[\n{\"file\":\"/src/b.cpp\"", 0), 0u) << text;
	EXPECT_NE(text.find("]},\n{\"file\":\"/src/a.cpp\""), std::string::npos) << text;
}

TEST(CompileCommands, LeavesAForeignDatabaseAlone)
{
	ScratchDir dir;
	std::string path = dir.file("compile_commands.json");
	std::string foreign = "[\n  {\n    \"directory\": \"/x\",\n    \"command\": \"cc -c a.c\",\n    \"file\": \"a.c\"\n  }\n]\n";
	std::ofstream(path) << foreign;

	Result<void> result = update_compile_commands(path, command("/src/a.cpp", "-DA"));
	ASSERT_FALSE(result);
	EXPECT_NE(result.error().message().find("was not written by rex build"), std::string::npos);
	EXPECT_EQ(read_text(path), foreign);
}

} // namespace
} // namespace rex::testing
