// SPDX-License-Identifier: GPL-2.0
/* Parsing of the image commands: sign, verify, inspect, load. */
#include "args.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace rex::cli {
namespace {

Result<Command> parse(std::initializer_list<const char *> args)
{
	std::vector<const char *> argv(args);
	return parse_args(argv);
}

std::string usage_error_text(std::initializer_list<const char *> args)
{
	Result<Command> command = parse(args);
	EXPECT_FALSE(command.has_value());
	return command ? std::string() : command.error().message();
}

TEST(ParseSign, InPlaceByDefault)
{
	Result<Command> command = parse({"sign", "prog.rex"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::sign);
	EXPECT_EQ(command.value().sign.image, "prog.rex");
	EXPECT_FALSE(command.value().sign.output);
	EXPECT_FALSE(command.value().sign.key);
}

TEST(ParseSign, OutputAndKeyInAnySpelling)
{
	for (auto args : {std::initializer_list<const char *>{"sign", "-o", "out.rex", "--key", "k.pem", "prog.rex"},
			  {"sign", "prog.rex", "--output=out.rex", "--key=k.pem"},
			  {"sign", "--output", "out.rex", "prog.rex", "--key", "k.pem"}}) {
		Result<Command> command = parse(args);
		ASSERT_TRUE(command) << command.error().message();
		EXPECT_EQ(command.value().sign.image, "prog.rex");
		EXPECT_EQ(command.value().sign.output, "out.rex");
		EXPECT_EQ(command.value().sign.key, "k.pem");
	}
}

TEST(ParseSign, Errors)
{
	EXPECT_EQ(usage_error_text({"sign"}), "rex sign: missing <image>\nusage: rex sign <image> [-o <out>] [--key <pem>]\n");
	EXPECT_EQ(usage_error_text({"sign", "a", "b"}),
		  "rex sign: unexpected argument 'b'\nusage: rex sign <image> [-o <out>] [--key <pem>]\n");
	EXPECT_EQ(usage_error_text({"sign", "a", "--key"}),
		  "rex sign: option '--key' needs a value\nusage: rex sign <image> [-o <out>] [--key <pem>]\n");
	EXPECT_EQ(usage_error_text({"sign", "a", "--cert", "c"}).rfind("rex sign: unknown option '--cert'", 0), 0u);
}

TEST(ParseVerify, CertOption)
{
	Result<Command> command = parse({"verify", "--cert", "c.pem", "prog.rex"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::verify);
	EXPECT_EQ(command.value().verify.image, "prog.rex");
	EXPECT_EQ(command.value().verify.cert, "c.pem");
	EXPECT_NE(usage_error_text({"verify"}).find("missing <image>"), std::string::npos);
}

TEST(ParseInspect, Json)
{
	Result<Command> command = parse({"inspect", "--json", "prog.rex"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::inspect);
	EXPECT_TRUE(command.value().inspect.json);
	EXPECT_EQ(command.value().inspect.image, "prog.rex");
	EXPECT_FALSE(parse({"inspect", "prog.rex"}).value().inspect.json);
}

TEST(ParseLoad, PinAndProg)
{
	Result<Command> command = parse({"load", "prog.rex", "--pin", "/sys/fs/bpf/x", "--prog=xdp_pass"});
	ASSERT_TRUE(command);
	EXPECT_EQ(command.value().kind, CommandKind::load);
	EXPECT_EQ(command.value().load.image, "prog.rex");
	EXPECT_EQ(command.value().load.pin_dir, "/sys/fs/bpf/x");
	EXPECT_EQ(command.value().load.prog, "xdp_pass");

	EXPECT_FALSE(command.value().load.keep_running) << "crash-stop is the default";

	Result<Command> plain = parse({"load", "prog.rex"});
	ASSERT_TRUE(plain);
	EXPECT_FALSE(plain.value().load.pin_dir);
	EXPECT_FALSE(plain.value().load.prog);
}

TEST(ParseLoad, KeepRunning)
{
	Result<Command> command = parse({"load", "--keep-running", "prog.rex", "--prog", "xdp_pass"});
	ASSERT_TRUE(command) << command.error().message();
	EXPECT_TRUE(command.value().load.keep_running);
	EXPECT_EQ(command.value().load.image, "prog.rex");
	EXPECT_EQ(usage_error_text({"load", "prog.rex", "--keep-running=yes"}).rfind(
			  "rex load: unknown option '--keep-running=yes'", 0),
		  0u);
}

TEST(ParseImageCommands, HelpForEach)
{
	for (auto [name, kind] : {std::pair{"sign", CommandKind::sign}, std::pair{"verify", CommandKind::verify},
				  std::pair{"inspect", CommandKind::inspect}, std::pair{"load", CommandKind::load}}) {
		Result<Command> command = parse({name, "--help"});
		ASSERT_TRUE(command) << name;
		EXPECT_EQ(command.value().kind, CommandKind::help);
		EXPECT_EQ(command.value().help_topic, kind);
	}
}

TEST(ParseImageCommands, LoadHelpSaysProgramsVanishWithoutPin)
{
	std::string text = command_help_text(CommandKind::load);
	EXPECT_NE(text.find("Without --pin, the programs and maps are unloaded when rex exits"), std::string::npos)
		<< text;
}

} // namespace
} // namespace rex::cli
