/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Running another program (the compiler) and waiting for it.  Its stdin is
 * /dev/null; its stderr goes to ours (so its diagnostics reach the user) or
 * nowhere; its stdout to ours or into a pipe that read_output() drains.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <string>
#include <sys/types.h>
#include <vector>

namespace rex {

struct SpawnOptions {
	bool capture_stdout = false; /* read it with read_output() */
	bool discard_stderr = false;
};

class ChildProcess {
public:
	/* argv[0] is looked up in $PATH unless it contains a '/'. */
	static Result<ChildProcess> spawn(const std::vector<std::string> &argv, SpawnOptions options = {});

	ChildProcess(ChildProcess &&other);
	ChildProcess &operator=(ChildProcess &&) = delete;
	/* Waits for the child if nobody did, so none is left behind. */
	~ChildProcess();

	/* Everything the child writes to stdout, until it closes it. */
	Result<std::string> read_output();
	/* The exit status; a child killed by a signal is an error naming it. */
	Result<int> wait();

private:
	ChildProcess(pid_t pid, UniqueFd out, std::string name);

	pid_t pid_ = -1;
	UniqueFd out_;
	std::string name_; /* argv[0], for messages */
};

} // namespace rex
