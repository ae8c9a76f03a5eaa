// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-run: run a pinned XDP or TC program with BPF_PROG_TEST_RUN.
 *
 *   rex-test-run PINNED REPEAT [PACKET_BYTES]
 *
 * Feeds a zeroed Ethernet/IPv4 frame of PACKET_BYTES (default 64) and
 * prints "retval R duration_ns D" (D is the kernel's mean per run).
 * REPEAT -N makes N test runs of one repetition each (D: their mean):
 * unlike a repeated XDP test run, these do not add the program to the
 * XDP dispatcher and remove it again, which patches kernel text.
 * With REX_TEST_SKB=1 (TC programs) it also passes a zeroed struct
 * __sk_buff as context and prints the mark, priority and cb[0] the run
 * left in the skb: "... mark M priority P cb0 C".  With
 * REX_TEST_XDP_LIVE=1 (XDP programs) the runs are in live-frame mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES): the kernel carries out each frame's
 * action (XDP_TX, XDP_REDIRECT), and the retval printed means nothing.
 */
#include <stdlib.h>

#include "bpf-util.h"

int main(int argc, char **argv)
{
	unsigned char pkt[1500] = { 0 };
	struct __sk_buff skb_in, skb_out;
	const char *skb_ctx = getenv("REX_TEST_SKB");
	const char *live = getenv("REX_TEST_XDP_LIVE");
	union bpf_attr attr;
	unsigned long size = 64;
	unsigned long long total = 0;
	long repeat, calls, i;
	int fd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s PINNED REPEAT [PACKET_BYTES]\n", argv[0]);
		return 2;
	}
	if (argc == 4)
		size = strtoul(argv[3], NULL, 0);
	if (size < 14 || size > sizeof(pkt)) {
		fprintf(stderr, "%s: packet size must be 14..%zu\n", argv[0], sizeof(pkt));
		return 2;
	}
	pkt[12] = 0x08;		/* EtherType IPv4 */
	pkt[14] = 0x45;		/* IPv4, 20-byte header */

	fd = obj_get_or_report(argv[0], argv[1]);
	if (fd < 0)
		return 1;
	repeat = strtol(argv[2], NULL, 0);
	calls = repeat < 0 ? -repeat : 1;
	for (i = 0; i < calls; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.repeat = repeat < 0 ? 1 : repeat;
		attr.test.data_in = (unsigned long)pkt;
		attr.test.data_size_in = size;
		if (live && *live == '1')
			attr.test.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
		if (skb_ctx && *skb_ctx == '1') {
			memset(&skb_in, 0, sizeof(skb_in));
			memset(&skb_out, 0, sizeof(skb_out));
			attr.test.ctx_in = (unsigned long)&skb_in;
			attr.test.ctx_size_in = sizeof(skb_in);
			attr.test.ctx_out = (unsigned long)&skb_out;
			attr.test.ctx_size_out = sizeof(skb_out);
		}
		if (sys_bpf(BPF_PROG_TEST_RUN, &attr)) {
			fprintf(stderr, "%s: BPF_PROG_TEST_RUN: %s\n", argv[0], strerror(errno));
			return 1;
		}
		total += attr.test.duration;
	}
	printf("retval %u duration_ns %llu", attr.test.retval, total / calls);
	if (skb_ctx && *skb_ctx == '1')
		printf(" mark %u priority %u cb0 %u", skb_out.mark, skb_out.priority, skb_out.cb[0]);
	printf("\n");
	return 0;
}
