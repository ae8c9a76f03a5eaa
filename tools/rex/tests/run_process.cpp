// SPDX-License-Identifier: GPL-2.0
#include "run_process.h"

#include <librex/process.h>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace rex::testing {

namespace {

/* An unlinked temporary file: gone when the fd is closed. */
int temp_fd()
{
	char path[] = "/tmp/rex-test-XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

std::string read_all(int fd)
{
	std::string text;
	char buf[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		text.append(buf, static_cast<std::size_t>(n));
	return text;
}

} // namespace

ProcessResult run_process(const std::vector<std::string> &argv)
{
	ProcessResult result;
	int out_fd = temp_fd();
	int err_fd = temp_fd();

	std::vector<char *> args;
	for (const std::string &arg : argv)
		args.push_back(const_cast<char *>(arg.c_str()));
	args.push_back(nullptr);

	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);

	pid_t pid;
	int status;
	if (out_fd >= 0 && err_fd >= 0 &&
	    posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0 &&
	    waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		result.exit_code = WEXITSTATUS(status);
	posix_spawn_file_actions_destroy(&actions);

	result.out = read_all(out_fd);
	result.err = read_all(err_fd);
	close(out_fd);
	close(err_fd);
	return result;
}

ProcessResult run_compiler(const std::vector<std::string> &argv)
{
	ProcessResult result;
	rex::Result<rex::ChildProcess> child = rex::ChildProcess::spawn(argv, {.capture_stdout = true});
	if (!child) {
		result.err = child.error().message();
		return result;
	}
	rex::Result<std::string> out = child.value().read_output();
	rex::Result<int> status = child.value().wait();
	if (out)
		result.out = out.release_value();
	if (status)
		result.exit_code = status.value();
	return result;
}

} // namespace rex::testing
