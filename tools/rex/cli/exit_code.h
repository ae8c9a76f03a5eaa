/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

namespace rex::cli {

/* rex's exit status; documented in `rex --help`, scripts rely on it. */
enum ExitCode : int {
	exit_success = 0,
	exit_failure = 1, /* the operation was tried and failed */
	exit_usage = 2,   /* bad command line: nothing was tried */
};

} // namespace rex::cli
