// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-trigger: make a known number of events for the end-to-end tests.
 *
 *   rex-test-trigger getppid N    call getppid(2) N times (kprobe samples);
 *                                 print what the last call returned
 *   rex-test-trigger getppid-ns N   call getppid(2) N times; print the
 *                                 mean time of a call in ns
 *                                 (CLOCK_MONOTONIC; for make bench)
 *   rex-test-trigger spin MS      burn CPU for MS milliseconds (perf samples)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double now_ms(void)
{
	return now_ns() / 1e6;
}

int main(int argc, char **argv)
{
	volatile unsigned long sink = 0;
	long n, i;
	double end;

	if (argc != 3 || (n = strtol(argv[2], NULL, 0)) < 0) {
		fprintf(stderr, "usage: %s getppid N | getppid-ns N | spin MS\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "getppid")) {
		long ret = 0;

		for (i = 0; i < n; i++)
			ret = syscall(SYS_getppid);	/* not cached by the C library */
		if (n)
			printf("%ld\n", ret);
		return 0;
	}
	if (!strcmp(argv[1], "getppid-ns")) {
		long long start = now_ns();

		if (!n) {
			fprintf(stderr, "%s: getppid-ns needs N > 0\n", argv[0]);
			return 2;
		}
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		printf("%lld\n", (now_ns() - start) / n);
		return 0;
	}
	if (!strcmp(argv[1], "spin")) {
		end = now_ms() + n;
		while (now_ms() < end)
			for (i = 0; i < 10000; i++)
				sink += i;
		return 0;
	}
	fprintf(stderr, "%s: unknown event '%s'\n", argv[0], argv[1]);
	return 2;
}
