// SPDX-License-Identifier: GPL-2.0
#include "args.h"
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <initializer_list>
#include <vector>

namespace rex::cli {
namespace {

using test::parse;
using test::usage_error;
using test::usage_error_text;

TEST(ParseArgs, NoArgumentsIsUsageError)
{
	std::string text = usage_error_text({});
	EXPECT_NE(text.find("usage: rex"), std::string::npos) << text;
}

TEST(ParseArgs, VersionOptionAndCommand)
{
	for (auto args : {std::initializer_list<const char *>{"--version"}, {"version"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::version);
	}
}

TEST(ParseArgs, HelpOptionsAndCommand)
{
	for (auto args : {std::initializer_list<const char *>{"--help"}, {"-h"}, {"help"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::help);
		EXPECT_FALSE(command.value().help_topic.has_value());
	}
}

TEST(ParseArgs, HelpForOneCommand)
{
	for (auto args : {std::initializer_list<const char *>{"help", "list"}, {"list", "--help"},
			  {"list", "-h"}, {"--help", "list"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::help);
		EXPECT_EQ(command.value().help_topic, CommandKind::list);
	}
}

TEST(ParseArgs, ListDefaultsToTable)
{
	Result<Command> command = parse({"list"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::list);
	EXPECT_FALSE(command.value().list.json);
}

TEST(ParseArgs, ListJson)
{
	for (const char *option : {"--json", "-j"}) {
		Result<Command> command = parse({"list", option});
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::list);
		EXPECT_TRUE(command.value().list.json);
	}
}

TEST(ParseArgs, UnknownCommandIsNamedWithPointerToHelp)
{
	std::string text = usage_error_text({"frobnicate"});
	EXPECT_NE(text.find("rex: unknown command 'frobnicate'"), std::string::npos) << text;
	EXPECT_NE(text.find("rex --help"), std::string::npos) << text;
}

TEST(ParseArgs, UnknownGlobalOption)
{
	std::string text = usage_error_text({"--frob"});
	EXPECT_NE(text.find("rex: unknown option '--frob'"), std::string::npos) << text;
	EXPECT_NE(text.find("usage: rex"), std::string::npos) << text;
}

TEST(ParseArgs, UnknownListOptionShowsListUsage)
{
	std::string text = usage_error_text({"list", "--frob"});
	EXPECT_EQ(text, "rex list: unknown option '--frob'\nusage: rex list [--json]\n");
}

TEST(ParseArgs, ListRejectsPositionalArgument)
{
	std::string text = usage_error_text({"list", "extra"});
	EXPECT_EQ(text, "rex list: unexpected argument 'extra'\nusage: rex list [--json]\n");
}

TEST(ParseArgs, VersionRejectsArguments)
{
	std::string text = usage_error_text({"version", "now"});
	EXPECT_NE(text.find("rex version: unexpected argument 'now'"), std::string::npos) << text;
}

TEST(ParseArgs, HelpForUnknownCommand)
{
	std::string text = usage_error_text({"help", "frobnicate"});
	EXPECT_NE(text.find("unknown command 'frobnicate'"), std::string::npos) << text;
}

TEST(HelpText, ListsEveryCommandWithItsSummary)
{
	std::string text = help_text();
	for (const CommandSpec &spec : command_specs()) {
		std::string line = "  " + std::string(spec.name);
		EXPECT_NE(text.find(line), std::string::npos) << spec.name;
		EXPECT_NE(text.find(spec.summary), std::string::npos) << spec.name;
	}
	EXPECT_NE(text.find("Exit status: 0 success, 1 the operation failed, 2 usage error"), std::string::npos);
}

TEST(HelpText, CommandHelpShowsUsageAndOptions)
{
	std::string text = command_help_text(CommandKind::list);
	EXPECT_EQ(text.rfind("usage: rex list [--json]\n", 0), 0u) << text;
	EXPECT_NE(text.find("--json"), std::string::npos);
}

} // namespace
} // namespace rex::cli
