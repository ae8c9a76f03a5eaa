/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few bpf(2) calls the end-to-end test helpers share.
 */
#ifndef REX_TEST_BPF_UTIL_H
#define REX_TEST_BPF_UTIL_H

#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Open a pinned object; on failure say which and why. */
static inline int obj_get_or_report(const char *prog, const char *path)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)path;
	fd = sys_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0)
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
	return fd;
}

static inline int obj_get_info(int fd, void *info, unsigned int len)
{
	union bpf_attr attr;

	memset(info, 0, len);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = len;
	attr.info.info = (unsigned long)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

#endif /* REX_TEST_BPF_UTIL_H */
