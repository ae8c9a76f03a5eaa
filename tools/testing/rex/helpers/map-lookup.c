// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-map-lookup: print a value of a pinned map for the e2e tests.
 *
 *   rex-test-map-lookup PINNED KEY
 *
 * KEY is a u32 (array maps, or hash maps keyed by u32). The value is
 * printed as an unsigned decimal of its first 8 bytes (or 4 if shorter);
 * for per-CPU maps, the sum over CPUs. Exit 3 if the key is absent.
 */
#include <stdint.h>
#include <stdlib.h>

#include "bpf-util.h"

int main(int argc, char **argv)
{
	struct bpf_map_info info;
	union bpf_attr attr;
	unsigned char *val;
	uint64_t sum = 0, v;
	uint32_t key;
	long ncpu = 1, i, stride;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PINNED KEY\n", argv[0]);
		return 2;
	}
	key = strtoul(argv[2], NULL, 0);
	fd = obj_get_or_report(argv[0], argv[1]);
	if (fd < 0)
		return 1;
	if (obj_get_info(fd, &info, sizeof(info)) || info.key_size != sizeof(key)) {
		fprintf(stderr, "%s: not a map with u32 keys\n", argv[0]);
		return 1;
	}
	stride = info.value_size;
	if (info.type == BPF_MAP_TYPE_PERCPU_ARRAY || info.type == BPF_MAP_TYPE_PERCPU_HASH) {
		ncpu = sysconf(_SC_NPROCESSORS_CONF);
		stride = (info.value_size + 7) & ~7;
	}
	val = calloc(ncpu, stride);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)val;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr)) {
		if (errno == ENOENT)
			return 3;
		fprintf(stderr, "%s: lookup: %s\n", argv[0], strerror(errno));
		return 1;
	}
	for (i = 0; i < ncpu; i++) {
		v = 0;
		memcpy(&v, val + i * stride, info.value_size < 8 ? info.value_size : 8);
		sum += v;
	}
	printf("%llu\n", (unsigned long long)sum);
	return 0;
}
