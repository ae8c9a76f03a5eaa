// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-perf-read: consume a BPF_MAP_TYPE_PERF_EVENT_ARRAY for the e2e
 * tests, as perf or libbpf's perf_buffer would.
 *
 *   rex-test-perf-read PINNED_MAP CMD [ARG...]
 *
 * Opens a PERF_COUNT_SW_BPF_OUTPUT event on every online CPU (up to the
 * map's max_entries), stores each fd at its CPU's index in the map, runs
 * CMD, then prints each record the programs sent, in order per CPU:
 * "record cpu C size S: HEX" (S the raw record's bytes, which the kernel
 * pads to 8 bytes after a 4-byte size field), and "lost N" for any lost
 * records. Exits 0 if CMD exited 0.
 */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "bpf-util.h"

#define RING_PAGES	8
#define MAX_CPUS	64

struct ring {
	int fd;
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	size_t size;
};

static int open_ring(struct ring *r, int cpu, long page)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	r->fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (r->fd < 0)
		return -1;
	r->size = RING_PAGES * page;
	r->meta = mmap(NULL, page + r->size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->meta == MAP_FAILED)
		return -1;
	r->data = (unsigned char *)r->meta + page;
	return 0;
}

/* Copy len bytes at offset off of the ring (which may wrap) to out. */
static void ring_copy(const struct ring *r, uint64_t off, void *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		((unsigned char *)out)[i] = r->data[(off + i) % r->size];
}

static void drain(struct ring *r, int cpu)
{
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->meta->data_tail;

	while (tail < head) {
		struct perf_event_header h;
		unsigned char body[4096];
		uint32_t size, i;

		ring_copy(r, tail, &h, sizeof(h));
		if (h.size < sizeof(h) || h.size - sizeof(h) > sizeof(body))
			break;
		ring_copy(r, tail + sizeof(h), body, h.size - sizeof(h));
		if (h.type == PERF_RECORD_SAMPLE) {
			memcpy(&size, body, sizeof(size));
			if (size > h.size - sizeof(h) - sizeof(size))
				size = h.size - sizeof(h) - sizeof(size);
			printf("record cpu %d size %u:", cpu, size);
			for (i = 0; i < size; i++)
				printf(" %02x", body[sizeof(size) + i]);
			printf("\n");
		} else if (h.type == PERF_RECORD_LOST) {
			uint64_t lost;

			memcpy(&lost, body + sizeof(uint64_t), sizeof(lost));
			printf("lost %llu\n", (unsigned long long)lost);
		}
		tail += h.size;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
}

int main(int argc, char **argv)
{
	static struct ring rings[MAX_CPUS];
	struct bpf_map_info info;
	long page = sysconf(_SC_PAGESIZE);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	union bpf_attr attr;
	int map, cpu, status;
	pid_t child;

	if (argc < 3) {
		fprintf(stderr, "usage: %s PINNED_MAP CMD [ARG...]\n", argv[0]);
		return 2;
	}
	map = obj_get_or_report(argv[0], argv[1]);
	if (map < 0)
		return 1;
	if (obj_get_info(map, &info, sizeof(info)) || info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		fprintf(stderr, "%s: %s is not a perf event array\n", argv[0], argv[1]);
		return 1;
	}
	if (ncpu > MAX_CPUS)
		ncpu = MAX_CPUS;
	if (ncpu > (long)info.max_entries)
		ncpu = info.max_entries;
	for (cpu = 0; cpu < ncpu; cpu++) {
		uint32_t key = cpu, fd;

		if (open_ring(&rings[cpu], cpu, page)) {
			fprintf(stderr, "%s: perf event on cpu %d: %s\n", argv[0], cpu, strerror(errno));
			return 1;
		}
		fd = rings[cpu].fd;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map;
		attr.key = (unsigned long)&key;
		attr.value = (unsigned long)&fd;
		if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
			fprintf(stderr, "%s: map update (cpu %d): %s\n", argv[0], cpu, strerror(errno));
			return 1;
		}
	}
	fflush(stdout);
	child = fork();
	if (child == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], strerror(errno));
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) < 0) {
		fprintf(stderr, "%s: running %s: %s\n", argv[0], argv[2], strerror(errno));
		return 1;
	}
	for (cpu = 0; cpu < ncpu; cpu++)
		drain(&rings[cpu], cpu);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
