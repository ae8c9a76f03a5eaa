// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-ringbuf: consume what is in a pinned BPF ring buffer.
 *
 *   rex-test-ringbuf PINNED
 *
 * Maps the ring buffer as user space consumers do (consumer page
 * read-write, producer page and data read-only), reads records from the
 * consumer position up to the producer position, advances the consumer
 * position past them, and prints
 *
 *   records N discarded D busy B first V
 *
 * N committed records, D discarded ones, B = 1 if it stopped at a record
 * still reserved (busy bit set: nothing after it can be read until it is
 * submitted or discarded), V the first u64 of the first committed record
 * (0 if none).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "bpf-util.h"

int main(int argc, char **argv)
{
	struct bpf_map_info info;
	long page = sysconf(_SC_PAGESIZE);
	unsigned long cons, prod, mask;
	unsigned long records = 0, discarded = 0, busy = 0;
	unsigned long long first = 0;
	volatile unsigned long *cons_pos;
	const volatile unsigned long *prod_pos;
	const unsigned char *data;
	void *p;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PINNED\n", argv[0]);
		return 2;
	}
	fd = obj_get_or_report(argv[0], argv[1]);
	if (fd < 0)
		return 1;
	if (obj_get_info(fd, &info, sizeof(info)) || info.type != BPF_MAP_TYPE_RINGBUF) {
		fprintf(stderr, "%s: %s is not a ring buffer\n", argv[0], argv[1]);
		return 1;
	}
	mask = info.max_entries - 1;
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap consumer page");
		return 1;
	}
	cons_pos = p;
	p = mmap(NULL, page + 2 * (size_t)info.max_entries, PROT_READ, MAP_SHARED, fd, page);
	if (p == MAP_FAILED) {
		perror("mmap producer page");
		return 1;
	}
	prod_pos = p;
	data = (const unsigned char *)p + page;

	cons = *cons_pos;
	prod = __atomic_load_n(prod_pos, __ATOMIC_ACQUIRE);
	while (cons < prod) {
		const uint32_t *hdr = (const uint32_t *)(data + (cons & mask));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & BPF_RINGBUF_BUSY_BIT) {
			busy = 1;
			break;
		}
		if (len & BPF_RINGBUF_DISCARD_BIT) {
			discarded++;
		} else {
			if (!records++ && (len & ~BPF_RINGBUF_DISCARD_BIT) >= 8)
				memcpy(&first, hdr + 2, sizeof(first));
		}
		len &= ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
	}
	__atomic_store_n(cons_pos, cons, __ATOMIC_RELEASE);
	printf("records %lu discarded %lu busy %lu first %llu\n", records, discarded, busy, first);
	return 0;
}
