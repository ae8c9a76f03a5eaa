// SPDX-License-Identifier: GPL-2.0
/*
 * rex-test-pin-prog: load a trivial XDP program and pin it, so the
 * end-to-end tests have a known program to find with `rex list`.
 *
 *	rex-test-pin-prog <name> <bpffs-path>
 *
 * Prints the new program's id on stdout and exits 0; on failure prints the
 * errno (and the verifier log, if any) on stderr and exits 1.  Raw bpf(2),
 * no libbpf: the helper must not depend on the code it helps to test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>

static char verifier_log[64 * 1024];

static int sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static uint64_t ptr_to_u64(const void *ptr)
{
	return (uint64_t)(uintptr_t)ptr;
}

static void report_errno(const char *what, int err)
{
	fprintf(stderr, "rex-test-pin-prog: %s failed: errno %d (%s)\n", what, err, strerror(err));
}

/* Returns the program fd, or -1 with errno set and verifier_log filled. */
static int load_xdp_pass(const char *name, unsigned int log_level)
{
	/* r0 = XDP_PASS; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = ptr_to_u64(insns);
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = ptr_to_u64("GPL");
	strncpy(attr.prog_name, name, sizeof(attr.prog_name) - 1);
	if (log_level) {
		attr.log_level = log_level;
		attr.log_buf = ptr_to_u64(verifier_log);
		attr.log_size = sizeof(verifier_log);
	}
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/*
 * Load without a log first, as libbpf does: a log buffer can itself make a
 * load fail (ENOSPC).  Only on failure load again to show the verifier log.
 */
static int load_or_report(const char *name)
{
	int fd = load_xdp_pass(name, 0);
	int err;

	if (fd >= 0)
		return fd;
	err = errno;
	report_errno("BPF_PROG_LOAD", err);
	verifier_log[0] = '\0';
	if (load_xdp_pass(name, 1) < 0 && verifier_log[0])
		fprintf(stderr, "verifier log:\n%s\n", verifier_log);
	return -1;
}

static int pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = fd;
	attr.pathname = ptr_to_u64(path);
	return sys_bpf(BPF_OBJ_PIN, &attr);
}

static int prog_id(int fd, uint32_t *id)
{
	struct bpf_prog_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = ptr_to_u64(&info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0)
		return -1;
	*id = info.id;
	return 0;
}

int main(int argc, char **argv)
{
	const char *name, *path;
	uint32_t id;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: rex-test-pin-prog <name> <bpffs-path>\n");
		return 2;
	}
	name = argv[1];
	path = argv[2];
	if (strlen(name) >= BPF_OBJ_NAME_LEN) {
		fprintf(stderr, "rex-test-pin-prog: name '%s' is longer than %d characters\n",
			name, BPF_OBJ_NAME_LEN - 1);
		return 2;
	}

	fd = load_or_report(name);
	if (fd < 0)
		return 1;
	if (pin(fd, path) < 0) {
		report_errno("BPF_OBJ_PIN", errno);
		return 1;
	}
	if (prog_id(fd, &id) < 0) {
		report_errno("BPF_OBJ_GET_INFO_BY_FD", errno);
		return 1;
	}
	printf("%u\n", id);
	return 0;
}
