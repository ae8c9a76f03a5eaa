// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-prog-info: print a pinned program's run and miss counters.
 *
 *   rex-test-prog-info PINNED
 *
 * Prints "run_cnt N recursion_misses M" (run_cnt counts only while BPF
 * stats are enabled; recursion_misses always).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PINNED\n", argv[0]);
		return 2;
	}
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)argv[1];
	fd = syscall(__NR_bpf, BPF_OBJ_GET, &attr, sizeof(attr));
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
		return 1;
	}
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr))) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	printf("run_cnt %llu recursion_misses %llu\n", (unsigned long long)info.run_cnt,
	       (unsigned long long)info.recursion_misses);
	return 0;
}
