// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-prog-info: print a pinned program's run and miss counters.
 *
 *   rex-test-prog-info PINNED
 *
 * Prints "run_cnt N recursion_misses M" (run_cnt counts only while BPF
 * stats are enabled; recursion_misses always).
 */
#include "bpf-util.h"

int main(int argc, char **argv)
{
	struct bpf_prog_info info;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PINNED\n", argv[0]);
		return 2;
	}
	fd = obj_get_or_report(argv[0], argv[1]);
	if (fd < 0)
		return 1;
	if (obj_get_info(fd, &info, sizeof(info))) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	printf("run_cnt %llu recursion_misses %llu\n", (unsigned long long)info.run_cnt,
	       (unsigned long long)info.recursion_misses);
	return 0;
}
