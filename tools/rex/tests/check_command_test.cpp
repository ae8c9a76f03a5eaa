// SPDX-License-Identifier: GPL-2.0
/*
 * rex check: its command line, and the real rex running the real rex-check
 * on programs that follow the rules, break them or do not compile, and
 * without a rex-check to run.
 */
#include "args.h"
#include "parse_helpers.h"
#include "run_process.h"
#include "test_data.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <stdlib.h>
#include <vector>

namespace rex::cli {
namespace {

using test::parse;
using test::usage_error;
using test::usage_error_text;

TEST(ParseCheck, SourceAndFlagsInOrder)
{
	Result<Command> command = parse({"check", "-DDEBUG", "prog.cpp", "-I", "include", "-DLIMIT=4", "-Ilib"});
	ASSERT_TRUE(command) << command.error().message();
	EXPECT_EQ(command.value().kind, CommandKind::check);
	EXPECT_EQ(command.value().check.source, "prog.cpp");
	EXPECT_EQ(command.value().check.flags,
		  (std::vector<std::string>{"-DDEBUG", "-Iinclude", "-DLIMIT=4", "-Ilib"}));
}

TEST(ParseCheck, HelpOptionShowsCheckHelp)
{
	for (auto args : {std::initializer_list<const char *>{"check", "--help"}, {"check", "prog.cpp", "-h"},
			  {"help", "check"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command);
		EXPECT_EQ(command.value().kind, CommandKind::help);
		EXPECT_EQ(command.value().help_topic, CommandKind::check);
	}
	std::string text = command_help_text(CommandKind::check);
	EXPECT_EQ(text.rfind("usage: rex check <source.cpp> [-D<macro>[=<value>]] [-I<dir>]\n", 0), 0u) << text;
}

/* The same rules as rex build: check_user_flag(). */
TEST(ParseCheck, RejectsOtherCompilerFlags)
{
	for (const char *flag : {"-O2", "-fpic", "-o", "--no-sign"}) {
		std::string text = usage_error_text({"check", "prog.cpp", flag});
		EXPECT_EQ(text.rfind("rex check: flag '" + std::string(flag) + "' is not allowed: images are compiled "
				     "with fixed flags; only -D and -I can be added\n",
				     0),
			  0u)
			<< text;
		EXPECT_NE(text.find("usage: rex check <source.cpp>"), std::string::npos) << text;
	}
}

TEST(ParseCheck, RejectsReservedMacro)
{
	std::string text = usage_error_text({"check", "prog.cpp", "-DREX_HOSTED_TEST"});
	EXPECT_NE(text.find("names starting with REX_ or __ belong to the support layer"), std::string::npos) << text;
}

TEST(ParseCheck, FlagWithoutValue)
{
	std::string text = usage_error_text({"check", "prog.cpp", "-I"});
	EXPECT_EQ(text.rfind("rex check: option '-I' needs a value\n", 0), 0u) << text;
}

TEST(ParseCheck, NeedsOneSource)
{
	EXPECT_EQ(usage_error_text({"check"}).rfind("rex check: missing <source.cpp>\n", 0), 0u);
	EXPECT_EQ(usage_error_text({"check", "a.cpp", "b.cpp"}).rfind("rex check: unexpected argument 'b.cpp'\n", 0),
		  0u);
}

} // namespace
} // namespace rex::cli

namespace rex::testing {
namespace {

ProcessResult rex(std::vector<std::string> args)
{
	args.insert(args.begin(), REX_BINARY_PATH);
	return run_process(args);
}


/* The corpus's programs, written to prog.cpp: the cast is at 7:9. */
const std::string safe_program = check_corpus_text("safe/array_index.cpp");
const std::string unsafe_program = check_corpus_text("unsafe/reinterpret_cast.cpp");

class RexCheck : public ::testing::Test {
protected:
	/* Writes prog.cpp and runs rex check on it. */
	ProcessResult check(const std::string &source_text, std::vector<std::string> extra = {})
	{
		write(source(), source_text);
		std::vector<std::string> args = {"check", source()};
		args.insert(args.end(), extra.begin(), extra.end());
		return rex(args);
	}

	void write(const std::string &path, const std::string &text) { std::ofstream(path) << text; }
	std::string source() const { return scratch_.file("prog.cpp"); }

	ScratchDir scratch_;
};

TEST_F(RexCheck, SafeProgramPassesSilently)
{
	ProcessResult r = check(safe_program);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err, "");
}

TEST_F(RexCheck, UnsafeProgramFailsWithTheRule)
{
	ProcessResult r = check(unsafe_program);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err, source() + ":7:9: error: [reinterpret-cast] reinterpret_cast is not allowed\n" + source() +
				 ":7:9: note: use static_cast between value types, or rex::bit_cast-style copies of "
				 "plain data\n"
				 "rex check: " +
				 source() + " breaks the rules of Rex programs (1 error)\n");
}

TEST_F(RexCheck, CountsEveryViolation)
{
	ProcessResult r = check(std::string(unsafe_program) + "union bits {\n\tint i;\n\tunsigned u;\n};\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("error: [reinterpret-cast]"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find(source() + ":16:7: error: [union]"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("\nrex check: " + source() + " breaks the rules of Rex programs (2 errors)\n"),
		  std::string::npos)
		<< r.err;
}

/* -D and -I reach rex-check: the program compiles only with both. */
TEST_F(RexCheck, PassesDefinesAndIncludes)
{
	std::filesystem::create_directory(scratch_.file("include"));
	write(scratch_.file("include/prog_limits.h"), "#pragma once\nconstexpr int max_packets = 4;\n");
	std::string program = "#include <rex/rex.hpp>\n"
			      "#include \"prog_limits.h\"\n"
			      "#ifndef LIMIT\n"
			      "#error LIMIT is not defined\n"
			      "#endif\n"
			      "static rex::xdp_action run(rex::xdp_ctx &)\n"
			      "{\n"
			      "\treturn LIMIT > max_packets ? rex::xdp_action::pass : rex::xdp_action::drop;\n"
			      "}\n"
			      "REX_PROGRAM(t, run);\n";
	ProcessResult r = check(program, {"-DLIMIT=8", "-I", scratch_.file("include")});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");

	r = check(program, {"-I" + scratch_.file("include")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("LIMIT is not defined"), std::string::npos) << r.err;
}

TEST_F(RexCheck, SourceThatDoesNotCompileShowsTheCompilerErrors)
{
	ProcessResult r = check("#include <rex/rex.hpp>\nthis is not C++;\n");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find(source() + ":2:1: error: expected unqualified-id"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("rex check: " + source() + " does not compile, so its rules were not checked"),
		  std::string::npos)
		<< r.err;
}

TEST_F(RexCheck, MissingSourceFails)
{
	ProcessResult r = rex({"check", scratch_.file("absent.cpp")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "rex check: reading " + scratch_.file("absent.cpp") + ": No such file or directory\n");
}

/* rex build may go without rex-check; rex check must not pass silently. */
TEST_F(RexCheck, MissingRexCheckFailsAndSaysWhereItLooked)
{
	ScopedEnv env("REX_CHECK", "/nonexistent");
	ProcessResult r = check(unsafe_program);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err.rfind("rex check: looking for rex-check at /nonexistent: No such file or directory (from "
			      "$REX_CHECK: set it to a rex-check ('make tools' builds one)",
			      0),
		  0u)
		<< r.err;
}

TEST_F(RexCheck, EmptyRexCheckFails)
{
	ScopedEnv env("REX_CHECK", "");
	ProcessResult r = check(safe_program);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find("$REX_CHECK is set but empty"), std::string::npos) << r.err;
}

TEST_F(RexCheck, BadFlagIsUsageErrorBeforeAnythingRuns)
{
	ScopedEnv env("REX_CHECK", "/nonexistent");
	ProcessResult r = check(safe_program, {"-O2"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err.rfind("rex check: flag '-O2' is not allowed", 0), 0u) << r.err;
	EXPECT_NE(r.err.find("usage: rex check <source.cpp>"), std::string::npos) << r.err;
}

/* rex build runs the same check first and stops there, writing nothing. */
TEST_F(RexCheck, RexBuildStopsAtTheSameRules)
{
	write(source(), unsafe_program);
	ProcessResult r = rex({"build", "--no-sign", source(), "-o", scratch_.file("prog.rex")});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_NE(r.err.find(source() + ":7:9: error: [reinterpret-cast]"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("rex build: " + source() + " breaks the rules of Rex programs (rex-check)\n"),
		  std::string::npos)
		<< r.err;
	EXPECT_FALSE(std::filesystem::exists(scratch_.file("prog.rex")));
}

} // namespace
} // namespace rex::testing
