// SPDX-License-Identifier: GPL-2.0
/*
 * A Rex image written by hand, for the librex tests: two programs, two
 * maps and three imports, laid out as rex build lays them out.  Compiled
 * with clang -c -fno-pic -mcmodel=kernel -O2 (tests/CMakeLists.txt); it
 * never runs, the tests only read it.
 */
#include <linux/bpf.h>
#include <linux/rex.h>

extern void *bpf_map_lookup_elem(void *map, const void *key);
extern long bpf_trace_printk(const char *fmt, unsigned int size, ...);
extern void rex_panic(const char *message) __attribute__((noreturn));

struct rex_map_desc rex_maps[] __attribute__((section(REX_SEC_MAPS), used)) = {
	{
		.name = "counts",
		.map_type = BPF_MAP_TYPE_HASH,
		.key_size = 4,
		.value_size = 8,
		.max_entries = 1024,
		.map_flags = BPF_F_NO_PREALLOC,
	},
	{
		.name = "events",
		.map_type = BPF_MAP_TYPE_RINGBUF,
		.max_entries = 4096,
	},
};

int count_open(void *ctx)
{
	unsigned int key = 0;
	long *count = bpf_map_lookup_elem(&rex_maps[0], &key);

	(void)ctx;
	if (!count)
		rex_panic("counts: no slot 0");
	return (int)++*count;
}

int xdp_entry(void *ctx)
{
	(void)ctx;
	bpf_trace_printk("pass\n", 6);
	return XDP_PASS;
}

const struct rex_prog_desc rex_progs[] __attribute__((section(REX_SEC_PROGS), used)) = {
	{
		.name = "count_open",
		.entry = "count_open",
		.attach_target = "do_sys_openat2",
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.default_ret = -7,
		.flags = REX_PROG_F_DEFAULT_RET,
	},
	{
		.name = "xdp_pass",
		.entry = "xdp_entry",
		.prog_type = BPF_PROG_TYPE_XDP,
		.flags = REX_PROG_F_KEEP_RUNNING,
	},
};

const struct rex_meta rex_meta __attribute__((section(REX_SEC_META), used)) = {
	.magic = REX_META_MAGIC,
	.version = REX_IMAGE_VERSION,
	.stack_bound = 512,
	.toolchain = "rex-test clang 19",
	.source_digest = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0xff,
	},
};
