/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The rex command line as the tests of its parsers use it: parse a list of
 * arguments, or take the text of the usage error it must give.
 */
#include "args.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <initializer_list>
#include <string>
#include <vector>

namespace rex::cli::test {

inline Result<Command> parse(std::initializer_list<const char *> args)
{
	std::vector<const char *> argv(args);
	return parse_args(argv);
}

/* The stderr text of a usage error; fails the test if parsing succeeded. */
inline std::string usage_error_text(std::initializer_list<const char *> args)
{
	Result<Command> command = parse(args);
	EXPECT_FALSE(command.has_value());
	if (command)
		return {};
	EXPECT_EQ(command.error().code(), EINVAL);
	return command.error().message();
}

/* Its first line (the second is the usage line). */
inline std::string usage_error(std::initializer_list<const char *> args)
{
	std::string text = usage_error_text(args);
	return text.substr(0, text.find('\n'));
}

} // namespace rex::cli::test
