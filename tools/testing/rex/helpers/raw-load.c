// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-raw-load: hand an image to bpf(BPF_PROG_LOAD, BPF_F_REX) as is.
 *
 *   rex-test-raw-load IMAGE TYPE [--index N] [--map-fd-from PINNED]... [--pin PATH]
 *
 * Unlike 'rex load', it checks nothing in user space, so the end-to-end
 * tests see what the kernel alone does with hostile images. TYPE is xdp,
 * tc, kprobe, tracepoint or perf_event. On failure it prints
 * "errno NAME" and the kernel's log, and exits 1. REX_TEST_SLEEPABLE=1
 * adds BPF_F_SLEEPABLE to the load's flags.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bpf-util.h"

#ifndef BPF_F_REX
#define BPF_F_REX (1U << 15)
#endif

/* union bpf_attr's load part with the Rex fields (offsets 148..164). */
struct rex_load_attr {
	unsigned char head[148];
	uint32_t rex_prog_index;
	uint64_t rex_image;
	uint32_t rex_image_size;
	uint32_t pad;
};

static const struct { const char *name; uint32_t type; } types[] = {
	{ "xdp", BPF_PROG_TYPE_XDP }, { "tc", BPF_PROG_TYPE_SCHED_CLS },
	{ "kprobe", BPF_PROG_TYPE_KPROBE }, { "tracepoint", BPF_PROG_TYPE_TRACEPOINT },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT },
};

static const char *errno_name(int e)
{
	static const struct { int e; const char *n; } names[] = {
		{ EPERM, "EPERM" }, { ENODATA, "ENODATA" }, { EBADMSG, "EBADMSG" },
		{ EKEYREJECTED, "EKEYREJECTED" }, { ENOKEY, "ENOKEY" },
		{ ENOEXEC, "ENOEXEC" }, { EACCES, "EACCES" }, { EBADF, "EBADF" },
		{ EBADFD, "EBADFD" }, { E2BIG, "E2BIG" }, { EFBIG, "EFBIG" },
		{ EINVAL, "EINVAL" }, { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" },
		{ ENOSPC, "ENOSPC" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].n;
	return "E?";
}

int main(int argc, char **argv)
{
	static const struct bpf_insn placeholder[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[65536];
	union { union bpf_attr attr; struct rex_load_attr rex; unsigned char raw[256]; } u;
	int map_fds[64], nmaps = 0, fd, i, imgfd;
	const char *pin = NULL;
	uint32_t type = 0, index = 0;
	unsigned char *img;
	struct stat st;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IMAGE TYPE [--index N] [--map-fd-from PINNED]... [--pin PATH]\n",
			argv[0]);
		return 2;
	}
	for (i = 0; i < (int)(sizeof(types) / sizeof(types[0])); i++)
		if (!strcmp(types[i].name, argv[2]))
			type = types[i].type;
	if (!type) {
		fprintf(stderr, "%s: unknown type %s\n", argv[0], argv[2]);
		return 2;
	}
	for (i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--index")) {
			index = strtoul(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "--pin")) {
			pin = argv[i + 1];
		} else if (!strcmp(argv[i], "--map-fd-from") && nmaps < 64) {
			map_fds[nmaps] = obj_get_or_report(argv[0], argv[i + 1]);
			if (map_fds[nmaps++] < 0)
				return 1;
		} else {
			fprintf(stderr, "%s: bad option %s\n", argv[0], argv[i]);
			return 2;
		}
	}

	imgfd = open(argv[1], O_RDONLY);
	if (imgfd < 0 || fstat(imgfd, &st)) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
		return 1;
	}
	img = malloc(st.st_size ? st.st_size : 1);
	if (!img || read(imgfd, img, st.st_size) != st.st_size) {
		fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
		return 1;
	}

	memset(&u, 0, sizeof(u));
	u.attr.prog_type = type;
	u.attr.insn_cnt = 2;
	u.attr.insns = (unsigned long)placeholder;
	u.attr.license = (unsigned long)"GPL";
	u.attr.log_level = 1;
	u.attr.log_size = sizeof(log);
	u.attr.log_buf = (unsigned long)log;
	u.attr.prog_flags = BPF_F_REX;
	if (getenv("REX_TEST_SLEEPABLE") && !strcmp(getenv("REX_TEST_SLEEPABLE"), "1"))
		u.attr.prog_flags |= BPF_F_SLEEPABLE;
	if (nmaps)
		u.attr.fd_array = (unsigned long)map_fds;
	u.rex.rex_prog_index = index;
	u.rex.rex_image = (unsigned long)img;
	u.rex.rex_image_size = st.st_size;

	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &u, sizeof(struct rex_load_attr));
	if (fd < 0) {
		printf("errno %s\n%s", errno_name(errno), log);
		return 1;
	}
	if (pin) {
		memset(&u, 0, sizeof(u));
		u.attr.pathname = (unsigned long)pin;
		u.attr.bpf_fd = fd;
		if (syscall(__NR_bpf, BPF_OBJ_PIN, &u, sizeof(u.attr))) {
			fprintf(stderr, "%s: pin %s: %s\n", argv[0], pin, strerror(errno));
			return 1;
		}
	}
	printf("loaded\n");
	return 0;
}
