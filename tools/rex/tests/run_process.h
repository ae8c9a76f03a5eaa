/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <string>
#include <vector>

namespace rex::testing {

struct ProcessResult {
	int exit_code = -1; /* -1 if it did not exit normally (or could not start) */
	std::string out;
	std::string err;
};

/*
 * Runs argv[0] with argv, stdin from /dev/null, and collects its stdout and
 * stderr (through temporary files, so neither stream can block the other).
 */
ProcessResult run_process(const std::vector<std::string> &argv);

/* Runs a compiler command line ($PATH lookup), collecting only its stdout. */
ProcessResult run_compiler(const std::vector<std::string> &argv);

} // namespace rex::testing
