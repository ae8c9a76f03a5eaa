// SPDX-License-Identifier: GPL-2.0
#include <librex/process.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace rex {

namespace {

/* posix_spawn_file_actions_t, destroyed on every path. */
class FileActions {
public:
	FileActions() { posix_spawn_file_actions_init(&actions_); }
	~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
	FileActions(const FileActions &) = delete;
	FileActions &operator=(const FileActions &) = delete;

	posix_spawn_file_actions_t *get() { return &actions_; }

private:
	posix_spawn_file_actions_t actions_;
};

} // namespace

ChildProcess::ChildProcess(pid_t pid, UniqueFd out, std::string name)
	: pid_(pid), out_(std::move(out)), name_(std::move(name))
{
}

ChildProcess::ChildProcess(ChildProcess &&other)
	: pid_(other.pid_), out_(std::move(other.out_)), name_(std::move(other.name_))
{
	other.pid_ = -1;
}

ChildProcess::~ChildProcess()
{
	out_.reset();
	if (pid_ > 0) {
		int status;
		while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
		}
	}
}

Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string> &argv, SpawnOptions options)
{
	if (argv.empty())
		return Error(EINVAL, "running a program: empty command line");

	FileActions actions;
	posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (options.discard_stderr)
		posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, "/dev/null", O_WRONLY, 0);

	UniqueFd read_end;
	UniqueFd write_end;
	if (options.capture_stdout) {
		int fds[2];
		if (pipe2(fds, O_CLOEXEC) != 0)
			return Error::from_errno(errno, "creating a pipe for " + argv[0]);
		read_end.reset(fds[0]);
		write_end.reset(fds[1]);
		/* dup2 clears O_CLOEXEC on the child's stdout only. */
		posix_spawn_file_actions_adddup2(actions.get(), write_end.get(), STDOUT_FILENO);
	}

	std::vector<char *> args;
	for (const std::string &arg : argv)
		args.push_back(const_cast<char *>(arg.c_str()));
	args.push_back(nullptr);

	pid_t pid;
	int err = posix_spawnp(&pid, args[0], actions.get(), nullptr, args.data(), environ);
	if (err != 0)
		return Error::from_errno(err, "running " + argv[0]);
	return ChildProcess(pid, std::move(read_end), argv[0]);
}

Result<std::string> ChildProcess::read_output()
{
	std::string text;
	char buf[65536];
	for (;;) {
		ssize_t n = ::read(out_.get(), buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return Error::from_errno(errno, "reading the output of " + name_);
		}
		if (n == 0)
			break;
		text.append(buf, static_cast<std::size_t>(n));
	}
	out_.reset();
	return text;
}

Result<int> ChildProcess::wait()
{
	int status;
	pid_t pid = pid_;
	pid_ = -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return Error::from_errno(errno, "waiting for " + name_);
	}
	if (WIFSIGNALED(status))
		return Error(EINTR, name_ + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
					    sigdescr_np(WTERMSIG(status)) + ")");
	return WEXITSTATUS(status);
}

} // namespace rex
