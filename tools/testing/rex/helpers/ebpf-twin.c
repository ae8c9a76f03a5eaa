// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-ebpf-twin: load the eBPF twins of the Rex benchmark programs.
 *
 *   rex-test-ebpf-twin spinlock PINNED PAIRS
 *	XDP: look up element 0 of an array map whose value is
 *	{ struct bpf_spin_lock lock; u32 count; } (described by BTF, as the
 *	verifier requires), then PAIRS (1..16) times take the lock, count,
 *	release; return XDP_PASS. The twin of bench/spinlock.cpp.
 *
 *   rex-test-ebpf-twin lookup PINNED LOOKUPS
 *	XDP: for each of the packet's first LOOKUPS (1..16) bytes, look it
 *	up in a 16-entry u64 array map (the verifier inlines the lookup) and
 *	add 1 to the value if there is one; return XDP_PASS. The twin of
 *	bench/lookup.cpp.
 *
 *   rex-test-ebpf-twin tailcall PINNED DEPTH
 *	XDP: an entry program stores DEPTH (0..32) in a per-CPU array and
 *	tail-calls a step program, which tail-calls itself while it
 *	decrements it to 0: DEPTH + 1 tail calls (33 is BPF's limit).
 *	Returns XDP_PASS, or XDP_ABORTED if a tail call failed. The twin of
 *	bench/recurse.cpp run on a packet of 14 + DEPTH bytes, which recurses
 *	DEPTH + 1 levels. The program array is pinned at PINNED_progs: a
 *	program array whose last user reference goes is emptied.
 *
 *   rex-test-ebpf-twin kprobe PINNED
 *	kprobe: add 1 to the u64 of a one-entry array map (the verifier
 *	inlines the lookup); return 0. The twin of bench/kprobe.cpp, both
 *	attached to getppid(2) in turn.
 *
 * Pins the (entry) program at PINNED, and the lookup, spinlock and kprobe twins'
 * map at PINNED_map (for the tests that check what they counted). Raw bpf(2) and hand-written
 * instructions: no libbpf, no clang -target bpf needed in the guest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/btf.h>

#include "bpf-util.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ADD32_IMM(d, i)		INSN(BPF_ALU | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX_B(d, s, o)		INSN(BPF_LDX | BPF_MEM | BPF_B, d, s, o, 0)
#define LDX_W(d, s, o)		INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define STX_W(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_W, d, s, o, 0)
#define LDX_DW(d, s, o)		INSN(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_DW(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define ST_W(d, o, i)		INSN(BPF_ST | BPF_MEM | BPF_W, d, 0, o, i)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JGT_REG(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* two instructions: dst = map (fd) */
#define LD_MAP(d, fd)		INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), INSN(0, 0, 0, 0, 0)

/* five instructions: r0 = lookup of key 0 (a u32 at fp-4) in map (fd); clobbers r1, r2 */
#define LOOKUP_KEY0(fd)		ST_W(BPF_REG_10, -4, 0), MOV64_REG(BPF_REG_2, BPF_REG_10), \
				ADD64_IMM(BPF_REG_2, -4), LD_MAP(BPF_REG_1, fd), \
				CALL(BPF_FUNC_map_lookup_elem)

static char log_buf[64 * 1024];
/* the map of the lookup and spinlock twins, pinned at PINNED_map */
static int data_map = -1;

static int load_typed(unsigned int type, const char *name, struct bpf_insn *insns, unsigned int n)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = n;
	attr.license = (unsigned long)"GPL";
	strncpy(attr.prog_name, name, sizeof(attr.prog_name) - 1);
	attr.log_level = 1;
	attr.log_buf = (unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "rex-test-ebpf-twin: load %s: %s\n%s\n", name, strerror(errno), log_buf);
	return fd;
}

static int load(const char *name, struct bpf_insn *insns, unsigned int n)
{
	return load_typed(BPF_PROG_TYPE_XDP, name, insns, n);
}

/* Pin fd at path; on failure say which and why. */
static int pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = fd;
	attr.pathname = (unsigned long)path;
	if (sys_bpf(BPF_OBJ_PIN, &attr)) {
		fprintf(stderr, "rex-test-ebpf-twin: pin %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int map_create(unsigned int type, unsigned int key, unsigned int value,
		      unsigned int entries, int btf_fd, unsigned int btf_value_id)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key;
	attr.value_size = value;
	attr.max_entries = entries;
	if (btf_fd >= 0) {
		attr.btf_fd = btf_fd;
		attr.btf_key_type_id = 1;	/* int */
		attr.btf_value_type_id = btf_value_id;
	}
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		fprintf(stderr, "rex-test-ebpf-twin: map create (type %u): %s\n", type, strerror(errno));
	return fd;
}

/* BTF: [1] int, [2] struct bpf_spin_lock { int val; }, [3] struct val { lock; int cnt; } */
static int load_spin_lock_btf(void)
{
	static const char strs[] = "\0int\0bpf_spin_lock\0val\0lock\0cnt";
	const uint32_t types[] = {
		1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32,	/* encoding, offset 0, 32 bits */
		5, BTF_KIND_STRUCT << 24 | 1, 4, 19, 1, 0,
		19, BTF_KIND_STRUCT << 24 | 2, 8, 23, 2, 0, 28, 1, 32,
	};
	struct {
		struct btf_header hdr;
		uint32_t types[sizeof(types) / 4];
		char strs[sizeof(strs)];
	} btf = {
		.hdr = {
			.magic = BTF_MAGIC,
			.version = BTF_VERSION,
			.hdr_len = sizeof(struct btf_header),
			.type_off = 0,
			.type_len = sizeof(types),
			.str_off = sizeof(types),
			.str_len = sizeof(strs),
		},
	};
	union bpf_attr attr;
	int fd;

	memcpy(btf.types, types, sizeof(types));
	memcpy(btf.strs, strs, sizeof(strs));
	memset(&attr, 0, sizeof(attr));
	attr.btf = (unsigned long)&btf;
	attr.btf_size = sizeof(btf);
	attr.btf_log_buf = (unsigned long)log_buf;
	attr.btf_log_size = sizeof(log_buf);
	attr.btf_log_level = 1;
	fd = sys_bpf(BPF_BTF_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "rex-test-ebpf-twin: BTF load: %s\n%s\n", strerror(errno), log_buf);
	return fd;
}

/* The longest twin: 16 lookups of 11 instructions and 7 more. */
#define MAX_TWIN_INSNS	256

static int spinlock_twin(int pairs)
{
	struct bpf_insn insns[MAX_TWIN_INSNS], *i = insns;
	int btf = load_spin_lock_btf(), map, n;

	if (btf < 0)
		return -1;
	map = data_map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, btf, 3);
	if (map < 0)
		return -1;
	const struct bpf_insn head[] = {
		LOOKUP_KEY0(map),
		JEQ_IMM(BPF_REG_0, 0, 7 * pairs + 2),	/* to XDP_ABORTED */
		MOV64_REG(BPF_REG_6, BPF_REG_0),
	};
	const struct bpf_insn pair[] = {
		MOV64_REG(BPF_REG_1, BPF_REG_6),
		CALL(BPF_FUNC_spin_lock),
		LDX_W(BPF_REG_1, BPF_REG_6, 4),
		ADD32_IMM(BPF_REG_1, 1),
		STX_W(BPF_REG_6, BPF_REG_1, 4),
		MOV64_REG(BPF_REG_1, BPF_REG_6),
		CALL(BPF_FUNC_spin_unlock),
	};
	const struct bpf_insn tail[] = {
		JA(2),					/* to XDP_PASS */
		MOV64_IMM(BPF_REG_0, XDP_ABORTED),
		EXIT(),
		MOV64_IMM(BPF_REG_0, XDP_PASS),
		EXIT(),
	};

	memcpy(i, head, sizeof(head));
	i += ARRAY_SIZE(head);
	for (n = 0; n < pairs; n++) {
		memcpy(i, pair, sizeof(pair));
		i += ARRAY_SIZE(pair);
	}
	memcpy(i, tail, sizeof(tail));
	i += ARRAY_SIZE(tail);
	return load("ebpf_spinlock", insns, i - insns);
}

/* Array-map lookups keyed by the packet's first bytes, as bench/lookup.cpp. */
static int lookup_twin(int lookups)
{
	struct bpf_insn insns[MAX_TWIN_INSNS], *i = insns;
	int map = data_map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 16, -1, 0), n;

	if (map < 0)
		return -1;
	const struct bpf_insn head[] = {
		LDX_W(BPF_REG_7, BPF_REG_1, offsetof(struct xdp_md, data)),
		LDX_W(BPF_REG_8, BPF_REG_1, offsetof(struct xdp_md, data_end)),
		MOV64_REG(BPF_REG_1, BPF_REG_7),
		ADD64_IMM(BPF_REG_1, lookups),
		JGT_REG(BPF_REG_1, BPF_REG_8, 11 * lookups),	/* to XDP_PASS */
	};
	struct bpf_insn one[] = {
		LDX_B(BPF_REG_1, BPF_REG_7, 0),		/* key = packet[n] */
		STX_W(BPF_REG_10, BPF_REG_1, -4),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -4),
		LD_MAP(BPF_REG_1, map),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(BPF_REG_0, 0, 3),
		LDX_DW(BPF_REG_1, BPF_REG_0, 0),
		ADD64_IMM(BPF_REG_1, 1),
		STX_DW(BPF_REG_0, BPF_REG_1, 0),
	};
	const struct bpf_insn tail[] = {
		MOV64_IMM(BPF_REG_0, XDP_PASS),
		EXIT(),
	};

	memcpy(i, head, sizeof(head));
	i += ARRAY_SIZE(head);
	for (n = 0; n < lookups; n++) {
		one[0].off = n;
		memcpy(i, one, sizeof(one));
		i += ARRAY_SIZE(one);
	}
	memcpy(i, tail, sizeof(tail));
	i += ARRAY_SIZE(tail);
	return load("ebpf_lookup", insns, i - insns);
}

/* A kprobe program counting its runs in an array map, as bench/kprobe.cpp. */
static int kprobe_twin(void)
{
	int map = data_map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, -1, 0);

	if (map < 0)
		return -1;
	struct bpf_insn insns[] = {
		LOOKUP_KEY0(map),
		JEQ_IMM(BPF_REG_0, 0, 3),
		LDX_DW(BPF_REG_1, BPF_REG_0, 0),
		ADD64_IMM(BPF_REG_1, 1),
		STX_DW(BPF_REG_0, BPF_REG_1, 0),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	return load_typed(BPF_PROG_TYPE_KPROBE, "ebpf_kprobe", insns, ARRAY_SIZE(insns));
}

static int tailcall_twin(const char *pinned, int levels)
{
	char path[4096];
	int jmp = map_create(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, -1, 0);
	int depth = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 1, -1, 0);
	int step, fd, key = 0;
	union bpf_attr attr;

	if (jmp < 0 || depth < 0)
		return -1;
	struct bpf_insn step_insns[] = {
		MOV64_REG(BPF_REG_6, BPF_REG_1),
		LOOKUP_KEY0(depth),
		JEQ_IMM(BPF_REG_0, 0, 9),
		LDX_W(BPF_REG_1, BPF_REG_0, 0),
		JEQ_IMM(BPF_REG_1, 0, 9),
		ADD32_IMM(BPF_REG_1, -1),
		STX_W(BPF_REG_0, BPF_REG_1, 0),
		MOV64_REG(BPF_REG_1, BPF_REG_6),
		LD_MAP(BPF_REG_2, jmp),
		MOV64_IMM(BPF_REG_3, 0),
		CALL(BPF_FUNC_tail_call),
		MOV64_IMM(BPF_REG_0, XDP_ABORTED),	/* the tail call failed */
		EXIT(),
		MOV64_IMM(BPF_REG_0, XDP_PASS),		/* the last level */
		EXIT(),
	};
	step = load("ebpf_tail_step", step_insns, sizeof(step_insns) / sizeof(step_insns[0]));
	if (step < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = jmp;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)&step;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
		fprintf(stderr, "rex-test-ebpf-twin: prog array update: %s\n", strerror(errno));
		return -1;
	}
	struct bpf_insn entry_insns[] = {
		MOV64_REG(BPF_REG_6, BPF_REG_1),
		MOV64_IMM(BPF_REG_8, levels),
		LOOKUP_KEY0(depth),
		JEQ_IMM(BPF_REG_0, 0, 6),
		STX_W(BPF_REG_0, BPF_REG_8, 0),
		MOV64_REG(BPF_REG_1, BPF_REG_6),
		LD_MAP(BPF_REG_2, jmp),
		MOV64_IMM(BPF_REG_3, 0),
		CALL(BPF_FUNC_tail_call),
		MOV64_IMM(BPF_REG_0, XDP_ABORTED),	/* the tail call failed */
		EXIT(),
	};
	fd = load("ebpf_tail_entry", entry_insns, sizeof(entry_insns) / sizeof(entry_insns[0]));
	if (fd < 0)
		return -1;
	/*
	 * A program array is emptied when its last user reference goes (the
	 * fds of this process): pinned, it keeps its entry.
	 */
	snprintf(path, sizeof(path), "%s_progs", pinned);
	return pin(jmp, path) ? -1 : fd;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc == 4 && !strcmp(argv[1], "spinlock")) {
		int pairs = atoi(argv[3]);

		if (pairs < 1 || pairs > 16) {
			fprintf(stderr, "%s: PAIRS must be 1..16\n", argv[0]);
			return 2;
		}
		fd = spinlock_twin(pairs);
	} else if (argc == 4 && !strcmp(argv[1], "lookup")) {
		int lookups = atoi(argv[3]);

		if (lookups < 1 || lookups > 16) {
			fprintf(stderr, "%s: LOOKUPS must be 1..16\n", argv[0]);
			return 2;
		}
		fd = lookup_twin(lookups);
	} else if (argc == 4 && !strcmp(argv[1], "tailcall")) {
		int depth = atoi(argv[3]);

		if (depth < 0 || depth > 32) {
			fprintf(stderr, "%s: DEPTH must be 0..32\n", argv[0]);
			return 2;
		}
		fd = tailcall_twin(argv[2], depth);
	} else if (argc == 3 && !strcmp(argv[1], "kprobe")) {
		fd = kprobe_twin();
	} else {
		fprintf(stderr,
			"usage: %s spinlock PINNED PAIRS | lookup PINNED LOOKUPS | tailcall PINNED DEPTH | kprobe PINNED\n",
			argv[0]);
		return 2;
	}
	if (fd < 0)
		return 1;
	if (pin(fd, argv[2]))
		return 1;
	if (data_map >= 0) {
		char path[4096];

		snprintf(path, sizeof(path), "%s_map", argv[2]);
		if (pin(data_map, path))
			return 1;
	}
	return 0;
}
