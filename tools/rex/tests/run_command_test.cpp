// SPDX-License-Identifier: GPL-2.0
/* rex run: the plan it prints, and the loop that streams until stopped. */
#include "run_command.h"

#include "run_process.h"
#include "test_data.h"

#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

namespace rex::cli {
namespace {

TEST(RunEvents, OneLinePerRecordWithTheMapAndCpu)
{
	std::string name = "events";
	std::vector<std::uint8_t> bytes = {0x2a, 0x00, 0xff};
	EXPECT_EQ(format_event({&name, std::nullopt, bytes, 0}), "event events: 3 bytes: 2a 00 ff\n");
	EXPECT_EQ(format_event({&name, 1, std::span(bytes).first(1), 0}), "event events cpu 1: 1 byte: 2a\n");
	EXPECT_EQ(format_event({&name, 0, {}, 0}), "event events cpu 0: 0 bytes\n");
	EXPECT_EQ(format_event({&name, 3, {}, 5}), "lost events cpu 3: 5 records\n");
	EXPECT_EQ(format_event({&name, 3, {}, 1}), "lost events cpu 3: 1 record\n");
}

TEST(RunEvents, NoteForCpusWithoutASlot)
{
	EXPECT_EQ(format_left_out_cpus("run", "samples", 2, std::vector<std::uint32_t>{}), "");
	EXPECT_EQ(format_left_out_cpus("run", "samples", 2, std::vector<std::uint32_t>{2, 3}),
		  "rex run: note: samples has 2 slots: CPUs 2, 3 are not read (output() fails there with E2BIG)\n");
	EXPECT_EQ(format_left_out_cpus("map watch", "/sys/fs/bpf/x/s", 1, std::vector<std::uint32_t>{1}),
		  "rex map watch: note: /sys/fs/bpf/x/s has 1 slot: CPU 1 is not read (output() fails there with "
		  "E2BIG)\n");
}

TEST(RunPlan, OneLinePerProgram)
{
	std::vector<AttachAction> plan = {
		{"kprobe_count", KprobeTarget{"__x64_sys_getppid", false}},
		{"xdp_count", XdpTarget{"lo", XdpMode::generic}},
	};
	EXPECT_EQ(format_attach_plan(plan), "kprobe_count: kprobe __x64_sys_getppid\n"
					    "xdp_count: xdp lo (generic)\n");
}

class Pipe : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(pipe2(fds_, O_NONBLOCK | O_CLOEXEC), 0);
		out_ = std::tmpfile();
		ASSERT_NE(out_, nullptr);
	}
	void TearDown() override
	{
		close(fds_[0]);
		close(fds_[1]);
		std::fclose(out_);
	}
	std::string output()
	{
		std::fflush(out_);
		std::rewind(out_);
		std::string text;
		char buf[256];
		std::size_t n;
		while ((n = std::fread(buf, 1, sizeof(buf), out_)) > 0)
			text.append(buf, n);
		return text;
	}
	int fds_[2] = {-1, -1};
	std::FILE *out_ = nullptr;
};

TEST_F(Pipe, CopiesUntilTheDurationEnds)
{
	const char line[] = "  <idle>-0  [000] bpf_trace_printk: hello\n";
	ASSERT_EQ(write(fds_[1], line, std::strlen(line)), static_cast<ssize_t>(std::strlen(line)));
	auto start = std::chrono::steady_clock::now();
	Result<int> stopped = stream_until_stopped(fds_[0], nullptr, 1, out_);
	ASSERT_TRUE(stopped) << stopped.error().message();
	EXPECT_EQ(stopped.value(), 0) << "no signal: the time was up";
	EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
	EXPECT_EQ(output(), line);
}

TEST_F(Pipe, StopsAtSigterm)
{
	pthread_t self = pthread_self();
	std::thread sender([self] {
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
		pthread_kill(self, SIGTERM);
	});
	auto start = std::chrono::steady_clock::now();
	Result<int> stopped = stream_until_stopped(fds_[0], nullptr, 30, out_);
	sender.join();
	ASSERT_TRUE(stopped) << stopped.error().message();
	EXPECT_EQ(stopped.value(), SIGTERM);
	EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(RunStream, WithoutTracePipeStillWaits)
{
	Result<int> stopped = stream_until_stopped(-1, nullptr, 1, stdout);
	ASSERT_TRUE(stopped) << stopped.error().message();
	EXPECT_EQ(stopped.value(), 0);
}

/* The real binary on the test image: the plan needs no kernel. */
rex::testing::ProcessResult rex_run(std::vector<std::string> args)
{
	args.insert(args.begin(), {REX_BINARY_PATH, "run", rex::testing::test_image_path("sample_image")});
	return rex::testing::run_process(args);
}

TEST(RunBinary, DryRunPrintsThePlan)
{
	rex::testing::ProcessResult r = rex_run({"--dry-run", "--target", "xdp_pass=lo:generic"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "count_open: kprobe do_sys_openat2\n"
			 "xdp_pass: xdp lo (generic)\n");
}

TEST(RunBinary, ProgramWithoutTargetFailsBeforeLoading)
{
	rex::testing::ProcessResult r = rex_run({"--dry-run"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err, "rex run: program 'xdp_pass' (xdp): an xdp program needs a device: 'DEV', 'DEV:generic' or "
			 "'DEV:native'\n"
			 "rex run: declare the target in the image (REX_PROGRAM(..., .target = ...)) or give it with "
			 "--target PROG=TARGET; see rex help run\n");
}

} // namespace
} // namespace rex::cli
