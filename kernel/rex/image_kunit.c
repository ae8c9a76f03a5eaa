// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for Rex image validation.
 *
 * Each case builds the same small valid image in memory (an ET_REL object
 * with a call to a BPF helper, the three descriptor sections and a symbol
 * table), damages it in one way and checks that the loader refuses it with
 * the expected errno and the expected log message, or, for the few valid
 * variants, that it loads and is laid out as documented. A last case
 * damages it at random, many times over, and checks that every copy is
 * either refused with a message or loads, and that nothing breaks.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bpf.h>
#include <linux/elf.h>
#include <linux/execmem.h>
#include <linux/fdtable.h>
#include <linux/filter.h>
#include <linux/minmax.h>
#include <linux/module_signature.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/alternative.h>
#include <asm/nospec-branch.h>
#include <asm/text-patching.h>

#include "internal.h"

/* ELF values the kernel's headers do not name (gABI, x86-64 psABI). */
#define REX_T_SHT_INIT_ARRAY	14
#define REX_T_SHN_XINDEX	0xffff
#define REX_T_SHF_TLS		0x400
#define REX_T_R_TPOFF32		23
#define REX_T_ST_INFO(bind, type)	(((bind) << 4) | (type))
#define REX_T_R_INFO(sym, type)		(((u64)(sym) << 32) | (type))

enum {
	SEC_NULL, SEC_TEXT, SEC_RELA, SEC_PROGS, SEC_META, SEC_DATA, SEC_MAPS,
	SEC_SYMTAB, SEC_STRTAB, SEC_SHSTRTAB, NR_SECS
};

enum { SYM_NULL, SYM_TEXT, SYM_ENTRY, SYM_IMPORT, NR_SYMS };

static const u8 rex_test_code[] = {
	0xf3, 0x0f, 0x1e, 0xfa,	/* endbr64 */
	0xe8, 0, 0, 0, 0,	/* call bpf_get_smp_processor_id */
	0x31, 0xc0,		/* xor %eax, %eax */
	0xc3,			/* ret */
};

/* The image, section by section, in file order. */
struct rex_test_elf {
	Elf64_Ehdr ehdr;
	u8 text[sizeof(rex_test_code)] __aligned(16);
	Elf64_Rela rela;
	struct rex_prog_desc prog __aligned(8);
	struct rex_meta meta __aligned(8);
	u64 data;
	struct rex_map_desc map __aligned(8);
	Elf64_Sym syms[NR_SYMS];
	char strtab[96];
	char shstrtab[96];
	Elf64_Shdr shdrs[NR_SECS];
};

/* Room after the ELF for a signature trailer. */
#define REX_T_SLACK		128

/* Where a section's contents are in the file */
#define REX_T_AT(member)						\
	.offset = offsetof(struct rex_test_elf, member),		\
	.size = sizeof_field(struct rex_test_elf, member)

static const struct rex_test_sec {
	const char *name;
	u32 type;
	u64 flags;
	size_t offset, size;
	u64 align, entsize;
	u32 link, info;
} rex_test_secs[NR_SECS] = {
	[SEC_TEXT] = { ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, REX_T_AT(text),
		       .align = 16 },
	[SEC_RELA] = { ".rela.text", SHT_RELA, 0, REX_T_AT(rela), .align = 8,
		       .entsize = sizeof(Elf64_Rela), .link = SEC_SYMTAB, .info = SEC_TEXT },
	[SEC_PROGS] = { REX_SEC_PROGS, SHT_PROGBITS, SHF_ALLOC, REX_T_AT(prog), .align = 8 },
	[SEC_META] = { REX_SEC_META, SHT_PROGBITS, SHF_ALLOC, REX_T_AT(meta), .align = 8 },
	[SEC_DATA] = { ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, REX_T_AT(data), .align = 8 },
	[SEC_MAPS] = { REX_SEC_MAPS, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, REX_T_AT(map),
		       .align = 8 },
	[SEC_SYMTAB] = { ".symtab", SHT_SYMTAB, 0, REX_T_AT(syms), .align = 8,
			 .entsize = sizeof(Elf64_Sym), .link = SEC_STRTAB, .info = SYM_ENTRY },
	[SEC_STRTAB] = { ".strtab", SHT_STRTAB, 0, REX_T_AT(strtab), .align = 1 },
	[SEC_SHSTRTAB] = { ".shstrtab", SHT_STRTAB, 0, REX_T_AT(shstrtab), .align = 1 },
};

static const struct rex_test_sym {
	const char *name;
	u8 info;
	u16 shndx;
	u64 size;
} rex_test_syms[NR_SYMS] = {
	[SYM_TEXT] = { "", REX_T_ST_INFO(STB_LOCAL, STT_SECTION), SEC_TEXT },
	[SYM_ENTRY] = { "entry", REX_T_ST_INFO(STB_GLOBAL, STT_FUNC), SEC_TEXT,
			sizeof(rex_test_code) },
	/* last, so that a longer name fits in the rest of .strtab */
	[SYM_IMPORT] = { "bpf_get_smp_processor_id", REX_T_ST_INFO(STB_GLOBAL, STT_NOTYPE),
			 SHN_UNDEF },
};

static const struct rex_map_desc rex_test_map = {
	.name = "m",
	.map_type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(u32),
	.value_size = sizeof(u64),
	.max_entries = 1,
};

/* Builder options */
#define REX_T_MAP	BIT(0)	/* one map descriptor in .rex.maps */
#define REX_T_MAP_FD	BIT(1)	/* and a matching map in fd_array */
#define REX_T_ENFORCED	BIT(2)	/* expectation holds with signature enforcement on */

/* The image of one case and what the loader is given with it. */
struct rex_test_image {
	struct rex_test_elf *e;
	size_t len;			/* bytes given to the loader */
	struct bpf_prog *prog;
	struct bpf_verifier_log *log;
	struct rex_load_ctx lctx;
	int map_fd;			/* fd_array, when given */
};

/* One case: what is done to the image, and what the loader must answer. */
struct rex_image_case {
	const char *desc;		/* the hostile input */
	int err;			/* expected errno */
	const char *msg;		/* expected in the last log message */
	struct {			/* one field of the image set... */
		size_t offset, size;
		u64 value;
	} edit;
	unsigned int flags;		/* REX_T_* */
	void (*mutate)(struct rex_test_image *t); /* ...or changed in code */
	const char *import;		/* valid: the import, if not the helper */
	const void *import_addr;	/* ...and where it must be bound */
};

static u32 rex_test_strtab_add(char *tab, size_t size, size_t *used, const char *s)
{
	size_t n = strlen(s) + 1, off = *used;

	if (!*s)
		return 0;
	if (off + n > size)
		return 0;	/* the test's tables are wrong: nothing will load */
	memcpy(tab + off, s, n);
	*used += n;
	return off;
}

static void rex_test_build(struct rex_test_elf *e, unsigned int flags)
{
	size_t names = 1, strs = 1;
	unsigned int i;

	e->ehdr = (Elf64_Ehdr){
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_REL,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_shoff = offsetof(struct rex_test_elf, shdrs),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_shentsize = sizeof(Elf64_Shdr),
		.e_shnum = NR_SECS,
		.e_shstrndx = SEC_SHSTRTAB,
	};
	for (i = 1; i < NR_SECS; i++) {
		const struct rex_test_sec *s = &rex_test_secs[i];
		Elf64_Shdr *sh = &e->shdrs[i];

		sh->sh_name = rex_test_strtab_add(e->shstrtab, sizeof(e->shstrtab), &names,
						  s->name);
		sh->sh_type = s->type;
		sh->sh_flags = s->flags;
		sh->sh_offset = s->offset;
		sh->sh_size = s->size;
		sh->sh_addralign = s->align;
		sh->sh_entsize = s->entsize;
		sh->sh_link = s->link;
		sh->sh_info = s->info;
	}
	for (i = 1; i < NR_SYMS; i++) {
		const struct rex_test_sym *s = &rex_test_syms[i];
		Elf64_Sym *sym = &e->syms[i];

		sym->st_name = rex_test_strtab_add(e->strtab, sizeof(e->strtab), &strs, s->name);
		sym->st_info = s->info;
		sym->st_shndx = s->shndx;
		sym->st_size = s->size;
	}

	memcpy(e->text, rex_test_code, sizeof(rex_test_code));
	e->rela = (Elf64_Rela){
		.r_offset = 5,
		.r_info = REX_T_R_INFO(SYM_IMPORT, R_X86_64_PLT32),
		.r_addend = -4,
	};
	strscpy(e->prog.name, "t");
	strscpy(e->prog.entry, "entry");
	e->prog.prog_type = BPF_PROG_TYPE_XDP;
	e->meta = (struct rex_meta){
		.magic = REX_META_MAGIC,
		.version = REX_IMAGE_VERSION,
		.stack_bound = 64,
		.toolchain = "rex kunit",
	};
	if (flags & (REX_T_MAP | REX_T_MAP_FD))
		e->map = rex_test_map;
	else
		e->shdrs[SEC_MAPS].sh_size = 0;
}

KUNIT_DEFINE_ACTION_WRAPPER(rex_test_prog_free, __bpf_prog_free, struct bpf_prog *);
KUNIT_DEFINE_ACTION_WRAPPER(rex_test_image_put, rex_image_put, struct rex_image *);

static void rex_test_close_fd(void *fd)
{
	close_fd((unsigned long)fd);
}

/* An array map like rex_test_map, as an fd of this (kernel) thread. */
static int rex_test_map_fd(struct kunit *test)
{
	union bpf_attr attr = {
		.map_type = rex_test_map.map_type,
		.key_size = rex_test_map.key_size,
		.value_size = rex_test_map.value_size,
		.max_entries = rex_test_map.max_entries,
	};
	int fd;

	fd = kern_sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	KUNIT_ASSERT_GE_MSG(test, fd, 0, "BPF_MAP_CREATE failed");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_close_fd,
							(void *)(unsigned long)fd), 0);
	return fd;
}

static struct rex_test_image *rex_test_image_new(struct kunit *test, unsigned int flags)
{
	struct rex_test_image *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->e = kunit_kzalloc(test, sizeof(*t->e) + REX_T_SLACK, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->e);
	t->len = sizeof(*t->e);
	rex_test_build(t->e, flags);

	/*
	 * A level but no user buffer: bpf_log() formats each message into
	 * log->kbuf and stops there, so the last message can be checked and
	 * nothing reaches the console.
	 */
	t->log = kunit_kzalloc(test, sizeof(*t->log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->log);
	t->log->level = BPF_LOG_LEVEL1;

	t->prog = bpf_prog_alloc(bpf_prog_size(1), 0);
	KUNIT_ASSERT_NOT_NULL(test, t->prog);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_prog_free, t->prog), 0);
	t->prog->type = BPF_PROG_TYPE_XDP;
	t->prog->gpl_compatible = 1;

	t->lctx.log = t->log;
	t->lctx.prog = t->prog;
	if (flags & REX_T_MAP_FD) {
		t->map_fd = rex_test_map_fd(test);
		t->lctx.fd_array = KERNEL_BPFPTR(&t->map_fd);
	}
	return t;
}

static void rex_test_expect_log(struct kunit *test, struct rex_test_image *t, const char *msg)
{
	const char *last = t->log->kbuf;

	if (msg)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(last, msg),
					  "expected \"%s\" in the log, got \"%s\"", msg, last);
	else
		KUNIT_EXPECT_STREQ(test, last, "");
}

static bool rex_test_in(const void *p, unsigned long start, size_t size)
{
	return in_range((unsigned long)p, start, size);
}

/* A loaded image is laid out, relocated and bound as documented. */
/*
 * What rex_map_desc promises for an array map: kptr + value_offset +
 * i * round_up(value_size, 8) is element i, where the map's own lookup
 * finds it (the support layer computes this address instead of calling).
 */
static void rex_test_check_array_layout(struct kunit *test, struct rex_image *img)
{
	struct bpf_map *map = img->bound[0];
	const struct rex_map_desc *d = &img->maps[0];
	u32 key = 0;
	void *elem;

	KUNIT_ASSERT_EQ(test, map->map_type, BPF_MAP_TYPE_ARRAY);
	KUNIT_EXPECT_EQ(test, d->value_offset, offsetof(struct bpf_array, value));
	rcu_read_lock();
	elem = map->ops->map_lookup_elem(map, &key);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, elem, (void *)(unsigned long)(d->kptr + d->value_offset));
}

static void rex_test_expect_loaded(struct kunit *test, struct rex_test_image *t,
				   const struct rex_image_case *c, struct rex_image *img)
{
	const char *import = c->import ?: "bpf_get_smp_processor_id";
	unsigned long import_addr = c->import ?
		(unsigned long)c->import_addr : (unsigned long)bpf_get_smp_processor_id_proto.func;
	unsigned long text = (unsigned long)img->mem;
	unsigned long ro = text + img->text_size;
	s32 rel;

	KUNIT_EXPECT_EQ(test, img->text_size, PAGE_SIZE);
	/* .data (one u64) is the only writable section, unless it is a note */
	KUNIT_EXPECT_EQ(test, img->data_size,
			t->e->shdrs[SEC_DATA].sh_type == SHT_NOTE ? 0UL : PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, img->nr_progs, 1U);
	KUNIT_EXPECT_EQ(test, img->entries[0], text);
	KUNIT_EXPECT_STREQ(test, img->progs[0].name, "t");
	KUNIT_EXPECT_TRUE(test, rex_test_in(img->progs, ro, img->ro_size));
	KUNIT_EXPECT_TRUE(test, rex_test_in(img->meta, ro, img->ro_size));

	/* The call goes straight to the helper or runtime function. */
	KUNIT_ASSERT_EQ(test, img->nr_imports, 1U);
	KUNIT_EXPECT_STREQ(test, img->imports[0].name, import);
	memcpy(&rel, (void *)text + 5, sizeof(rel));
	KUNIT_EXPECT_EQ(test, text + 9 + (long)rel, import_addr);

	KUNIT_ASSERT_EQ(test, img->nr_maps, t->e->shdrs[SEC_MAPS].sh_size ? 1U : 0U);
	if (img->nr_maps) {
		KUNIT_EXPECT_TRUE(test, rex_test_in(img->maps, ro, img->ro_size));
		KUNIT_EXPECT_NOT_NULL(test, img->bound[0]);
		KUNIT_EXPECT_EQ(test, img->maps[0].kptr, (u64)(unsigned long)img->bound[0]);
		rex_test_check_array_layout(test, img);
	}
}

/* ---- mutations ---------------------------------------------------------- */

static char *rex_test_sec_name(struct rex_test_image *t, unsigned int i)
{
	return t->e->shstrtab + t->e->shdrs[i].sh_name;
}

static void rex_test_set_import(struct rex_test_image *t, const char *name)
{
	char *slot = t->e->strtab + t->e->syms[SYM_IMPORT].st_name;

	strscpy_pad(slot, name, t->e->strtab + sizeof(t->e->strtab) - slot);
}

static void empty(struct rex_test_image *t)
{
	t->len = 0;
}

static void truncated_header(struct rex_test_image *t)
{
	t->len = sizeof(Elf64_Ehdr) - 1;
}

static void two_symtabs(struct rex_test_image *t)
{
	Elf64_Shdr *s = &t->e->shdrs[SEC_DATA];

	s->sh_type = SHT_SYMTAB;
	s->sh_flags = 0;
	s->sh_size = 0;
	s->sh_entsize = sizeof(Elf64_Sym);
	s->sh_link = SEC_STRTAB;
}

static void progs_missing(struct rex_test_image *t)
{
	rex_test_sec_name(t, SEC_PROGS)[5] = 'X';
}

static void meta_missing(struct rex_test_image *t)
{
	rex_test_sec_name(t, SEC_META)[5] = 'X';
}

static void two_progs_sections(struct rex_test_image *t)
{
	t->e->shdrs[SEC_DATA].sh_name = t->e->shdrs[SEC_PROGS].sh_name;
}

static void bss_huge(struct rex_test_image *t)
{
	t->e->shdrs[SEC_DATA].sh_type = SHT_NOBITS;
	t->e->shdrs[SEC_DATA].sh_size = REX_IMAGE_MAX_SIZE + 1;
}

static void prog_name_unterminated(struct rex_test_image *t)
{
	memset(t->e->prog.name, 'a', sizeof(t->e->prog.name));
}

static void prog_entry_unterminated(struct rex_test_image *t)
{
	memset(t->e->prog.entry, 'e', sizeof(t->e->prog.entry));
}

static void prog_target_unterminated(struct rex_test_image *t)
{
	memset(t->e->prog.attach_target, 'k', sizeof(t->e->prog.attach_target));
}

static void entry_missing(struct rex_test_image *t)
{
	strscpy_pad(t->e->prog.entry, "main");
}

static void map_name_unterminated(struct rex_test_image *t)
{
	memset(t->e->map.name, 'm', sizeof(t->e->map.name));
}

static void map_queue(struct rex_test_image *t)
{
	t->e->map.map_type = BPF_MAP_TYPE_QUEUE;
	t->e->map.key_size = 0;
}

static void map_tiny_value(struct rex_test_image *t)
{
	t->e->map.value_size = 2;
}

static void r_unloaded(struct rex_test_image *t)
{
	t->e->syms[SYM_TEXT].st_shndx = SEC_SYMTAB;
	t->e->rela.r_info = REX_T_R_INFO(SYM_TEXT, R_X86_64_PC32);
}

static void imp_commit_creds(struct rex_test_image *t)
{
	rex_test_set_import(t, "commit_creds");
}

static void imp_unknown(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_get_root");
}

static void imp_unspec(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_unspec");
}

static void imp_override(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_override_return");
}

static void imp_other_type(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_xdp_adjust_head");
	t->prog->type = BPF_PROG_TYPE_SOCKET_FILTER;
}

static void imp_gpl_only(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_probe_read_kernel");
	t->prog->gpl_compatible = 0;
}

static void imp_might_sleep(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_copy_from_user");
	t->prog->type = BPF_PROG_TYPE_KPROBE;
}

static void imp_lock_in_kprobe(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_spin_lock");
	t->prog->type = BPF_PROG_TYPE_KPROBE;
}

static void imp_lock_in_perf_event(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_spin_unlock");
	t->prog->type = BPF_PROG_TYPE_PERF_EVENT;
}

static void imp_lock_in_xdp(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_spin_lock");
}

static void imp_stack_check(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_stack_exhausted");
}

static void imp_rex_panic(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_panic");
}

/* the fixture's call, made a call of the return thunk */
static void ret_thunk_called(struct rex_test_image *t)
{
	rex_test_set_import(t, REX_RETURN_THUNK);
}

/* a return (jmp __x86_return_thunk) whose relocation has the wrong addend */
static void ret_thunk_addend(struct rex_test_image *t)
{
	rex_test_set_import(t, REX_RETURN_THUNK);
	t->e->text[4] = JMP32_INSN_OPCODE;
	t->e->rela.r_addend = -8;
}

static void imp_ubsan(struct rex_test_image *t)
{
	rex_test_set_import(t, "__ubsan_handle_divrem_overflow_abort");
}

static void imp_memset(struct rex_test_image *t)
{
	rex_test_set_import(t, "memset");
}

static void imp_kernel_layout(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_kernel_layout");
}

static void imp_rex_unknown(struct rex_test_image *t)
{
	rex_test_set_import(t, "rex_panic_now");
}

static void imp_long(struct rex_test_image *t)
{
	rex_test_set_import(t, "bpf_get_smp_processor_id_and_then_some_more_until_it_is_too_long");
}

static void fd_not_a_map(struct rex_test_image *t)
{
	t->map_fd = -1;
	t->lctx.fd_array = KERNEL_BPFPTR(&t->map_fd);
}

/* Append [PKCS#7][struct module_signature][marker], as 'rex sign' does. */
static void rex_test_trailer(struct rex_test_image *t, const struct module_signature *ms,
			     size_t pkcs7_len, const char *marker)
{
	u8 *p = (u8 *)t->e + t->len;

	memset(p, 0, pkcs7_len);
	p += pkcs7_len;
	if (ms) {
		memcpy(p, ms, sizeof(*ms));
		p += sizeof(*ms);
	}
	memcpy(p, marker, strlen(marker));
	p += strlen(marker);
	t->len = p - (u8 *)t->e;
}

/* A trailer around 16 bytes that are not PKCS#7; unset fields made valid. */
static void rex_test_sign(struct rex_test_image *t, struct module_signature ms)
{
	ms.id_type = ms.id_type ?: PKEY_ID_PKCS7;
	ms.sig_len = ms.sig_len ?: cpu_to_be32(16);
	rex_test_trailer(t, &ms, 16, REX_SIG_MARKER);
}

static void unsigned_image(struct rex_test_image *t)
{
}

static void module_marker(struct rex_test_image *t)
{
	struct module_signature ms = { .id_type = PKEY_ID_PKCS7, .sig_len = cpu_to_be32(16) };

	rex_test_trailer(t, &ms, 16, "~Module signature appended~\n");
}

static void marker_only(struct rex_test_image *t)
{
	t->len = 0;
	rex_test_trailer(t, NULL, 0, REX_SIG_MARKER);
}

static void trailer_truncated(struct rex_test_image *t)
{
	t->len = 4;
	rex_test_trailer(t, NULL, 0, REX_SIG_MARKER);
}

static void sig_x509(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .id_type = PKEY_ID_X509 });
}

static void sig_len_zero(struct rex_test_image *t)
{
	struct module_signature ms = { .id_type = PKEY_ID_PKCS7 };

	rex_test_trailer(t, &ms, 16, REX_SIG_MARKER);
}

static void sig_len_past(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .sig_len = cpu_to_be32(SZ_1M) });
}

/* sig_len takes everything before the trailer: nothing is left to sign */
static void sig_len_all(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .sig_len = cpu_to_be32(t->len + 16) });
}

static void sig_algo(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .algo = 1 });
}

static void sig_signer(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .signer_len = 8 });
}

static void sig_pad(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){ .__pad = { 0, 0, 1 } });
}

static void sig_garbage(struct rex_test_image *t)
{
	rex_test_sign(t, (struct module_signature){});
}

/* .data as a read-only note */
static void data_note(struct rex_test_image *t)
{
	t->e->shdrs[SEC_DATA].sh_type = SHT_NOTE;
	t->e->shdrs[SEC_DATA].sh_flags = SHF_ALLOC;
}

/* .data as an executable note */
static void data_exec_note(struct rex_test_image *t)
{
	t->e->shdrs[SEC_DATA].sh_type = SHT_NOTE;
	t->e->shdrs[SEC_DATA].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
}

/* the entry's symbol in .data, of .data's size */
static void entry_in_data(struct rex_test_image *t)
{
	t->e->syms[SYM_ENTRY].st_shndx = SEC_DATA;
	t->e->syms[SYM_ENTRY].st_size = sizeof(t->e->data);
}

/*
 * The first three bytes of an ENDBR64 end .text, its last is the first of
 * the code section laid out right after it: the entry has no ENDBR64 of
 * its own, though the bytes in memory read as one.
 */
static void entry_endbr_straddles(struct rex_test_image *t)
{
	t->e->shdrs[SEC_TEXT].sh_size = 3;
	t->e->syms[SYM_ENTRY].st_size = 3;
	t->e->shdrs[SEC_DATA].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
	t->e->shdrs[SEC_DATA].sh_addralign = 1;
	t->e->data = 0xfa;
	t->e->shdrs[SEC_RELA].sh_info = SEC_DATA;
	t->e->rela.r_offset = 1;
}

/* a return's jmp in a section that is not code */
static void ret_thunk_in_data(struct rex_test_image *t)
{
	rex_test_set_import(t, REX_RETURN_THUNK);
	t->e->data = JMP32_INSN_OPCODE;
	t->e->shdrs[SEC_RELA].sh_info = SEC_DATA;
	t->e->rela.r_offset = 1;
}

/* the thunk's relocation at offset 0: no room for the jmp's opcode */
static void ret_thunk_at_0(struct rex_test_image *t)
{
	rex_test_set_import(t, REX_RETURN_THUNK);
	t->e->rela.r_offset = 0;
}

/* an absolute 32-bit relocation against the thunk, after an e9 */
static void ret_thunk_abs32(struct rex_test_image *t)
{
	ret_thunk_addend(t);
	t->e->rela.r_addend = -4;
	t->e->rela.r_info = REX_T_R_INFO(SYM_IMPORT, R_X86_64_32);
}

/* an entry of 3 bytes at the end of .text: no room for an ENDBR64 */
static void entry_near_end(struct rex_test_image *t)
{
	t->e->syms[SYM_ENTRY].st_value = sizeof(rex_test_code) - 3;
	t->e->syms[SYM_ENTRY].st_size = 3;
}

/* ---- cases -------------------------------------------------------------- */

/* Set one field of the image (little endian, as the image is). */
#define SET(field, value) .edit = {					\
	offsetof(struct rex_test_elf, field),				\
	sizeof_field(struct rex_test_elf, field), (u64)(value) }
#define SHDR(sec, field)	shdrs[SEC_##sec].sh_##field
#define SYM(sym, field)		syms[SYM_##sym].st_##field

#define RX	(SHF_ALLOC | SHF_EXECINSTR)
#define RW	(SHF_ALLOC | SHF_WRITE)
#define SIZE	sizeof(struct rex_test_elf)

static const struct rex_image_case rex_image_cases[] = {
	{ "valid image: one XDP program calling a helper", 0 },
	{ "valid image with a map bound from fd_array", 0, .flags = REX_T_MAP_FD },
	{ "valid image with a stack bound of exactly the budget", 0,
	  SET(meta.stack_bound, REX_PROG_STACK_BUDGET) },
	{ "valid image with dynamic stack checks", 0, SET(meta.stack_bound, REX_STACK_DYNAMIC),
	  .mutate = imp_stack_check, .import = "rex_stack_exhausted",
	  .import_addr = rex_stack_exhausted_thunk },
	{ "valid image importing rex_panic", 0, .mutate = imp_rex_panic,
	  .import = "rex_panic", .import_addr = rex_panic_thunk },
	{ "valid image importing a sanitizer handler", 0, .mutate = imp_ubsan,
	  .import = "__ubsan_handle_divrem_overflow_abort", .import_addr = rex_ubsan_divrem_thunk },
	{ "valid image importing memset", 0, .mutate = imp_memset, .import = "memset",
	  .import_addr = memset },
	{ "valid XDP image importing rex_spin_lock", 0, .mutate = imp_lock_in_xdp,
	  .import = "rex_spin_lock", .import_addr = rex_spin_lock_entry },
	{ "valid image importing the kernel layout table", 0, .mutate = imp_kernel_layout,
	  .import = "rex_kernel_layout", .import_addr = (void *)&rex_kernel_layout },
	{ "valid image with .rex.progs marked writable (mapped read-only)", 0,
	  SET(SHDR(PROGS, flags), RW) },
	{ "valid image with an allocated note (not loaded)", 0, .mutate = data_note },

	/* ELF header */
	{ "empty buffer", -ENOEXEC, "too small for an ELF header", .mutate = empty },
	{ "63 bytes, shorter than the ELF header", -ENOEXEC, "too small",
	  .mutate = truncated_header },
	{ "bad ELF magic", -ENOEXEC, "bad magic", SET(ehdr.e_ident[EI_MAG1], 'X') },
	{ "ELFCLASS32", -ENOEXEC, "ELF class 1", SET(ehdr.e_ident[EI_CLASS], ELFCLASS32) },
	{ "big endian", -ENOEXEC, "data encoding 2", SET(ehdr.e_ident[EI_DATA], ELFDATA2MSB) },
	{ "e_ident version 2", -ENOEXEC, "not EV_CURRENT", SET(ehdr.e_ident[EI_VERSION], 2) },
	{ "e_version 0", -ENOEXEC, "ELF version 0", SET(ehdr.e_version, 0) },
	{ "ET_EXEC", -ENOEXEC, "ELF type 2", SET(ehdr.e_type, ET_EXEC) },
	{ "ET_DYN", -ENOEXEC, "ELF type 3", SET(ehdr.e_type, ET_DYN) },
	{ "EM_386", -ENOEXEC, "ELF machine 3:", SET(ehdr.e_machine, EM_386) },
	{ "EM_AARCH64", -ENOEXEC, "ELF machine 183", SET(ehdr.e_machine, EM_AARCH64) },
	{ "e_ehsize of ELF32", -ENOEXEC, "header size is wrong",
	  SET(ehdr.e_ehsize, sizeof(Elf32_Ehdr)) },
	{ "e_shentsize of ELF32", -ENOEXEC, "header size is wrong",
	  SET(ehdr.e_shentsize, sizeof(Elf32_Shdr)) },
	{ "a program header", -ENOEXEC, "no program headers", SET(ehdr.e_phnum, 1) },
	{ "e_phoff set, no program headers", -ENOEXEC, "no program headers",
	  SET(ehdr.e_phoff, sizeof(Elf64_Ehdr)) },
	{ "e_shnum 0", -ENOEXEC, "section count 0 is out of range", SET(ehdr.e_shnum, 0) },
	{ "e_shnum 1025", -ENOEXEC, "section count 1025 is out of range",
	  SET(ehdr.e_shnum, REX_MAX_SECTIONS + 1) },
	{ "section table runs past the end", -ENOEXEC, "table is misaligned or outside",
	  SET(ehdr.e_shnum, NR_SECS + 1) },
	{ "section table misaligned", -ENOEXEC, "table is misaligned or outside",
	  SET(ehdr.e_shoff, offsetof(struct rex_test_elf, shdrs) - 4) },
	{ "section table at the end of the file", -ENOEXEC, "table is misaligned or outside",
	  SET(ehdr.e_shoff, SIZE) },
	{ "section table offset wraps around", -ENOEXEC, "table is misaligned or outside",
	  SET(ehdr.e_shoff, -64) },
	{ "e_shstrndx 0", -ENOEXEC, "name table index 0 is invalid", SET(ehdr.e_shstrndx, 0) },
	{ "e_shstrndx 10 of 10", -ENOEXEC, "name table index 10 is invalid",
	  SET(ehdr.e_shstrndx, NR_SECS) },
	{ "e_shstrndx SHN_XINDEX", -ENOEXEC, "name table index 65535 is invalid",
	  SET(ehdr.e_shstrndx, REX_T_SHN_XINDEX) },

	/* Section table */
	{ ".text runs past the end of the file", -ENOEXEC, "section 1: contents",
	  SET(SHDR(TEXT, offset), SIZE - 4) },
	{ ".rex.meta 1 GiB long", -ENOEXEC, "section 4: contents", SET(SHDR(META, size), SZ_1G) },
	{ "section offset + size wraps around", -ENOEXEC, "section 5: contents",
	  SET(SHDR(DATA, offset), -8) },
	{ ".text offset misaligned", -ENOEXEC, "not aligned to 16",
	  SET(SHDR(TEXT, offset), offsetof(struct rex_test_elf, text) + 8) },
	{ "alignment 24 (not a power of two)", -ENOEXEC, "section 5: alignment 24",
	  SET(SHDR(DATA, addralign), 24) },
	{ "alignment 8192 (over a page)", -ENOEXEC, "section 5: alignment 8192",
	  SET(SHDR(DATA, addralign), SZ_8K) },
	{ ".data overlaps .rex.meta", -ENOEXEC, "overlaps",
	  SET(SHDR(DATA, offset), offsetof(struct rex_test_elf, meta) + 8) },
	{ ".data overlaps the ELF header", -ENOEXEC, "overlaps", SET(SHDR(DATA, offset), 0) },
	{ ".data overlaps the section table", -ENOEXEC, "overlaps",
	  SET(SHDR(DATA, offset), offsetof(struct rex_test_elf, shdrs[1])) },
	{ "section name table not SHT_STRTAB", -ENOEXEC, "section name table is not",
	  SET(SHDR(SHSTRTAB, type), SHT_PROGBITS) },
	{ "section name table not NUL-terminated", -ENOEXEC, "section name table is not",
	  SET(shstrtab[sizeof_field(struct rex_test_elf, shstrtab) - 1], 'x') },
	{ "section name outside the name table", -ENOEXEC, "section 5: name is outside",
	  SET(SHDR(DATA, name), 4096) },

	/* Symbols and descriptor sections by name */
	{ "no symbol table", -ENOEXEC, "no symbol table", SET(SHDR(SYMTAB, type), SHT_PROGBITS) },
	{ "two symbol tables", -ENOEXEC, "more than one symbol table", .mutate = two_symtabs },
	{ "symbol table entsize 16", -ENOEXEC, "symbol table entry size",
	  SET(SHDR(SYMTAB, entsize), 16) },
	{ "symbol table size not a multiple of the entry", -ENOEXEC, "symbol table entry size",
	  SET(SHDR(SYMTAB, size), NR_SYMS * sizeof(Elf64_Sym) - 1) },
	{ "symbol table without string table", -ENOEXEC, "has no string table",
	  SET(SHDR(SYMTAB, link), 0) },
	{ "symbol string table is .rex.progs", -ENOEXEC, "symbol string table is not",
	  SET(SHDR(SYMTAB, link), SEC_PROGS) },
	{ "symbol string table not NUL-terminated", -ENOEXEC, "symbol string table is not",
	  SET(strtab[sizeof_field(struct rex_test_elf, strtab) - 1], 'x') },
	{ "symbol name outside the string table", -ENOEXEC, "symbol 2: name is outside",
	  SET(SYM(ENTRY, name), 4096) },
	{ "function runs past the end of .text", -ENOEXEC, "entry lies outside its section",
	  SET(SYM(ENTRY, value), 4) },
	{ "symbol value wraps around", -ENOEXEC, "entry lies outside its section",
	  SET(SYM(ENTRY, value), -2) },
	{ "entry without ENDBR64 (a nop)", -ENOEXEC,
	  "entry does not begin with ENDBR64", SET(text[0], 0x90) },
	{ "entry with ENDBR32", -ENOEXEC, "does not begin with ENDBR64", SET(text[3], 0xfb) },
	{ "entry 3 bytes before the end of .text", -ENOEXEC, "does not begin with ENDBR64",
	  .mutate = entry_near_end },
	{ "ENDBR64 across the end of .text", -ENOEXEC, "does not begin with ENDBR64",
	  .mutate = entry_endbr_straddles },
	{ "SHN_COMMON symbol", -ENOEXEC, "common symbols are not allowed",
	  SET(SYM(IMPORT, shndx), SHN_COMMON) },
	{ "symbol in section 10 of 10", -ENOEXEC, "section index 10 is invalid",
	  SET(SYM(ENTRY, shndx), NR_SECS) },
	{ "SHN_ABS function", -ENOEXEC, "section index 65521 is invalid",
	  SET(SYM(ENTRY, shndx), SHN_ABS) },
	{ ".rex.progs missing", -ENOEXEC, "missing .rex.progs or .rex.meta",
	  .mutate = progs_missing },
	{ ".rex.meta missing", -ENOEXEC, "missing .rex.progs or .rex.meta",
	  .mutate = meta_missing },
	{ "two .rex.progs sections", -ENOEXEC, "more than one .rex.progs section",
	  .mutate = two_progs_sections },

	/* Loaded sections */
	{ "executable note", -ENOEXEC, "section .data: type 7 cannot be loaded",
	  .mutate = data_exec_note },
	{ "writable note", -ENOEXEC, "section .data: type 7 cannot be loaded",
	  SET(SHDR(DATA, type), SHT_NOTE) },
	{ "__x86_return_thunk called", -ENOEXEC,
	  "relocation at .text+0x5: __x86_return_thunk is only for returns",
	  .mutate = ret_thunk_called },
	{ "__x86_return_thunk + 4 jumped to", -ENOEXEC, "__x86_return_thunk is only for returns",
	  .mutate = ret_thunk_addend },
	{ "__x86_return_thunk jumped to from .data", -ENOEXEC,
	  "relocation at .data+0x1: __x86_return_thunk is only for returns",
	  .mutate = ret_thunk_in_data },
	{ "__x86_return_thunk at .text+0", -ENOEXEC, "__x86_return_thunk is only for returns",
	  .mutate = ret_thunk_at_0 },
	{ "__x86_return_thunk by R_X86_64_32", -ENOEXEC, "__x86_return_thunk is only for returns",
	  .mutate = ret_thunk_abs32 },
	{ "writable and executable .text", -ENOEXEC, ".text is writable and executable",
	  SET(SHDR(TEXT, flags), RX | SHF_WRITE) },
	{ "writable and executable .data", -ENOEXEC, ".data is writable and executable",
	  SET(SHDR(DATA, flags), RW | SHF_EXECINSTR) },
	{ "SHT_INIT_ARRAY section (a constructor)", -ENOEXEC, ".data: type 14 cannot be loaded",
	  SET(SHDR(DATA, type), REX_T_SHT_INIT_ARRAY) },
	{ "SHF_TLS section", -ENOEXEC, ".data: flags 0x403 not allowed",
	  SET(SHDR(DATA, flags), RW | REX_T_SHF_TLS) },
	{ "executable SHT_NOBITS section", -ENOEXEC, "executable section without contents",
	  SET(SHDR(TEXT, type), SHT_NOBITS) },
	{ "no executable section", -ENOEXEC, "no executable code",
	  SET(SHDR(TEXT, flags), SHF_ALLOC) },
	{ ".bss larger than an image", -ENOEXEC, ".data: size 4194305 too large",
	  .mutate = bss_huge },
	{ "executable .rex.meta", -ENOEXEC, "descriptor section .rex.meta must not be executable",
	  SET(SHDR(META, flags), RX) },

	/* Descriptors */
	{ ".rex.progs not SHF_ALLOC", -ENOEXEC, "descriptor sections must be SHF_ALLOC",
	  SET(SHDR(PROGS, flags), 0) },
	{ ".rex.progs empty", -ENOEXEC, "size 0 is not 1..64 program descriptors",
	  SET(SHDR(PROGS, size), 0) },
	{ ".rex.progs 100 bytes", -ENOEXEC, "size 100 is not 1..64 program descriptors",
	  SET(SHDR(PROGS, size), 100) },
	{ ".rex.meta 8 bytes short", -ENOEXEC, "size 72, expected 80",
	  SET(SHDR(META, size), sizeof(struct rex_meta) - 8) },
	{ "bad meta magic", -ENOEXEC, "bad magic, version 4 or flags",
	  SET(meta.magic, REX_META_MAGIC ^ 1) },
	{ "meta version 1 (before value_offset and the layout table)", -ENOEXEC,
	  "bad magic, version 1 or flags", SET(meta.version, 1) },
	{ "meta version 2 (before rex_map_desc.flags)", -ENOEXEC,
	  "bad magic, version 2 or flags", SET(meta.version, 2) },
	{ "meta version 3 (before ENDBR64 entries and return thunks)", -ENOEXEC,
	  "bad magic, version 3 or flags", SET(meta.version, 3) },
	{ "meta version 5", -ENOEXEC, "bad magic, version 5 or flags", SET(meta.version, 5) },
	{ "meta flags set", -ENOEXEC, "bad magic, version 4 or flags", SET(meta.flags, 1) },
	{ "stack bound one byte over budget", -E2BIG, "exceeds the budget",
	  SET(meta.stack_bound, REX_PROG_STACK_BUDGET + 1) },
	{ "program name not NUL-terminated", -ENOEXEC, "program 0: name, entry or target",
	  .mutate = prog_name_unterminated },
	{ "program name empty", -ENOEXEC, "program 0: name, entry or target",
	  SET(prog.name[0], 0) },
	{ "entry name not NUL-terminated", -ENOEXEC, "program 0: name, entry or target",
	  .mutate = prog_entry_unterminated },
	{ "attach target not NUL-terminated", -ENOEXEC, "program 0: name, entry or target",
	  .mutate = prog_target_unterminated },
	{ "program reserved field set", -ENOEXEC, "program t: unknown flags or reserved",
	  SET(prog.reserved, 1) },
	{ "unknown program flag", -ENOEXEC, "program t: unknown flags or reserved",
	  SET(prog.flags, BIT(7)) },
	{ "entry symbol is an object", -ENOEXEC, "entry entry is not a function of the image",
	  SET(SYM(ENTRY, info), REX_T_ST_INFO(STB_GLOBAL, STT_OBJECT)) },
	{ "entry symbol does not exist", -ENOEXEC, "entry main is not a function of the image",
	  .mutate = entry_missing },
	{ "entry symbol in .data", -ENOEXEC, "entry entry is not a function of the image",
	  .mutate = entry_in_data },
	{ "entry symbol undefined", -ENOEXEC, "entry entry is not a function of the image",
	  SET(SYM(ENTRY, shndx), SHN_UNDEF) },
	{ "map name not NUL-terminated", -ENOEXEC, "map 0: bad name, or a preset",
	  .mutate = map_name_unterminated, .flags = REX_T_MAP },
	{ "map name empty", -ENOEXEC, "map 0: bad name", SET(map.name[0], 0), REX_T_MAP },
	{ "map descriptor with a preset value offset", -ENOEXEC, "map 0: bad name",
	  SET(map.value_offset, 64), REX_T_MAP },
	{ "map descriptor with a preset kptr", -ENOEXEC, "map 0: bad name",
	  SET(map.kptr, 0xffffffff81000000), REX_T_MAP },
	{ ".rex.maps 48 bytes", -ENOEXEC, "size 48 is not up to 64 aligned map descriptors",
	  SET(SHDR(MAPS, size), sizeof(struct rex_map_desc) - 8), REX_T_MAP },
	{ "map descriptor with an unknown flag", -ENOEXEC,
	  "map 0 (m): unknown flags 0x2 or reserved bits", SET(map.flags, 2), REX_T_MAP },
	{ "map descriptor with its reserved field set", -ENOEXEC,
	  "map 0 (m): unknown flags 0x0 or reserved bits", SET(map.reserved, 1), REX_T_MAP },
	{ "spin lock in the values of a queue map", -ENOEXEC,
	  "map 0 (m): only the values of array and hash maps can hold a spin lock",
	  SET(map.flags, REX_MAP_F_SPIN_LOCK), .mutate = map_queue, .flags = REX_T_MAP },
	{ "spin lock in a 2-byte value", -ENOEXEC,
	  "map 0 (m): a value of 2 bytes cannot hold a spin lock",
	  SET(map.flags, REX_MAP_F_SPIN_LOCK), .mutate = map_tiny_value, .flags = REX_T_MAP },

	/* Relocations */
	{ "SHT_REL relocations", -ENOEXEC, "SHT_REL section .rela.text",
	  SET(SHDR(RELA, type), SHT_REL) },
	{ "relocations for section 0", -ENOEXEC, ".rela.text: bad target or symbol table",
	  SET(SHDR(RELA, info), 0) },
	{ "relocations for section 10 of 10", -ENOEXEC, ".rela.text: bad target or symbol table",
	  SET(SHDR(RELA, info), NR_SECS) },
	{ "relocations with .strtab as symbol table", -ENOEXEC,
	  ".rela.text: bad target or symbol table", SET(SHDR(RELA, link), SEC_STRTAB) },
	{ "relocations of .rex.progs", -ENOEXEC, ".rex.progs must not be relocated",
	  SET(SHDR(RELA, info), SEC_PROGS) },
	{ "relocations of .rex.meta", -ENOEXEC, ".rex.meta must not be relocated",
	  SET(SHDR(RELA, info), SEC_META) },
	{ "relocations of .rex.maps", -ENOEXEC, ".rex.maps must not be relocated",
	  SET(SHDR(RELA, info), SEC_MAPS), REX_T_MAP },
	{ "relocation entsize 16", -ENOEXEC, ".rela.text: entry size or alignment",
	  SET(SHDR(RELA, entsize), 16) },
	{ "R_X86_64_GOTPCREL", -ENOEXEC, "relocation type 9 in .text",
	  SET(rela.r_info, REX_T_R_INFO(SYM_IMPORT, R_X86_64_GOTPCREL)) },
	{ "R_X86_64_TPOFF32 (TLS)", -ENOEXEC, "relocation type 23 in .text",
	  SET(rela.r_info, REX_T_R_INFO(SYM_IMPORT, REX_T_R_TPOFF32)) },
	{ "relocation straddling the end of .text", -ENOEXEC, "at .text+0x9 is outside",
	  SET(rela.r_offset, 9) },
	{ "relocation offset wraps around", -ENOEXEC, "is outside the section",
	  SET(rela.r_offset, -2) },
	{ "relocation against symbol 4 of 4", -ENOEXEC, "symbol index 4 is invalid",
	  SET(rela.r_info, REX_T_R_INFO(NR_SYMS, R_X86_64_PLT32)) },
	{ "relocation against symbol 0", -ENOEXEC, "symbol index 0 is invalid",
	  SET(rela.r_info, REX_T_R_INFO(SYM_NULL, R_X86_64_PLT32)) },
	{ "relocation against a section that is not loaded", -ENOEXEC,
	  "refers to a section that is not loaded", .mutate = r_unloaded },
	{ "R_X86_64_32 of a kernel address", -ENOEXEC, "value out of range for type 10",
	  SET(rela.r_info, REX_T_R_INFO(SYM_TEXT, R_X86_64_32)) },
	{ "R_X86_64_PLT32 with a 2^40 addend", -ENOEXEC, "value out of range for type 4",
	  SET(rela.r_addend, 1ULL << 40) },

	/* Imports */
	{ "import of kernel function commit_creds", -EACCES,
	  "import commit_creds: forbidden symbol", .mutate = imp_commit_creds },
	{ "import of an unknown helper", -EACCES, "import bpf_get_root: forbidden symbol",
	  .mutate = imp_unknown },
	{ "import of bpf_unspec (helper 0)", -EACCES, "import bpf_unspec: forbidden symbol",
	  .mutate = imp_unspec },
	{ "import of bpf_override_return from XDP", -EACCES,
	  "import bpf_override_return: helper not available to programs of type 6",
	  .mutate = imp_override },
	{ "import of bpf_xdp_adjust_head from a socket filter", -EACCES,
	  "import bpf_xdp_adjust_head: helper not available to programs of type 1",
	  .mutate = imp_other_type },
	{ "import of a GPL-only helper from a non-GPL program", -EACCES,
	  "import bpf_probe_read_kernel: helper is GPL-only", .mutate = imp_gpl_only },
	{ "import of a helper that may sleep (bpf_copy_from_user) from a kprobe", -EACCES,
	  "import bpf_copy_from_user: helper may sleep, and Rex programs cannot",
	  .mutate = imp_might_sleep },
	{ "import of rex_spin_lock from a kprobe program", -EACCES,
	  "import rex_spin_lock: tracing programs (type 2) cannot take spin locks",
	  .mutate = imp_lock_in_kprobe },
	{ "import of rex_spin_unlock from a perf_event program", -EACCES,
	  "import rex_spin_unlock: tracing programs (type 7) cannot take spin locks",
	  .mutate = imp_lock_in_perf_event },
	{ "import name of 64 characters", -EACCES, "not an allowed symbol", .mutate = imp_long },
	{ "dynamic stack bound without stack checks", -ENOEXEC,
	  "stack bound is dynamic but the code has no stack checks",
	  SET(meta.stack_bound, REX_STACK_DYNAMIC) },
	{ "import of a runtime-like name that is not one", -EACCES,
	  "import rex_panic_now: forbidden symbol", .mutate = imp_rex_unknown },

	/* Maps */
	{ "map without fd_array", -EBADF, "map 0: no fd_array was given", .flags = REX_T_MAP },
	{ "map fd -1", -EBADF, "map 0: fd -1 is not a BPF map", .mutate = fd_not_a_map,
	  .flags = REX_T_MAP },
	{ "map fd whose value size differs from the descriptor", -EBADFD,
	  "the image wants 2/4/16/1/0", SET(map.value_size, 16), REX_T_MAP_FD },
	{ "spin lock in the values of a map fd without BTF", -EBADFD,
	  "map 0 (m): the image takes a spin lock at offset 0 of its values, but the fd's map has no BTF",
	  SET(map.flags, REX_MAP_F_SPIN_LOCK), REX_T_MAP_FD },
};

static const struct rex_image_case rex_sig_cases[] = {
	{ "unsigned image", -ENODATA, "image is not signed", .mutate = unsigned_image,
	  .flags = REX_T_ENFORCED },
	{ "image with a module signature", -ENODATA, "image is not signed",
	  .mutate = module_marker, .flags = REX_T_ENFORCED },
	{ "empty buffer", -ENODATA, "image is not signed", .mutate = empty,
	  .flags = REX_T_ENFORCED },
	{ "marker only", -ENODATA, "image is not signed", .mutate = marker_only,
	  .flags = REX_T_ENFORCED },
	{ "marker after 4 bytes", -EBADMSG, "signature trailer is truncated",
	  .mutate = trailer_truncated },
	{ "X.509 key id instead of PKCS7", -EBADMSG, "trailer is malformed", .mutate = sig_x509 },
	{ "sig_len 0", -EBADMSG, "trailer is malformed", .mutate = sig_len_zero },
	{ "sig_len larger than the image", -EBADMSG, "trailer is malformed",
	  .mutate = sig_len_past },
	{ "signature takes the whole ELF", -EBADMSG, "trailer is malformed",
	  .mutate = sig_len_all },
	{ "algo set", -EBADMSG, "trailer is malformed", .mutate = sig_algo },
	{ "signer_len set", -EBADMSG, "trailer is malformed", .mutate = sig_signer },
	{ "padding set", -EBADMSG, "trailer is malformed", .mutate = sig_pad },
	{ "well-formed trailer around bytes that are not PKCS7", -EBADMSG,
	  "bad signature: the PKCS#7 signature is malformed", .mutate = sig_garbage,
	  .flags = REX_T_ENFORCED },
};

#undef SET
#undef SHDR
#undef SYM
#undef RX
#undef RW
#undef SIZE

static void rex_test_mutate(struct rex_test_image *t, const struct rex_image_case *c)
{
	if (c->edit.size)
		memcpy((u8 *)t->e + c->edit.offset, &c->edit.value, c->edit.size);
	if (c->mutate)
		c->mutate(t);
}

KUNIT_ARRAY_PARAM_DESC(rex_image, rex_image_cases, desc);

static void rex_image_create_accepts_only_well_formed_images(struct kunit *test)
{
	const struct rex_image_case *c = test->param_value;
	struct rex_test_image *t = rex_test_image_new(test, c->flags);
	struct rex_image *img;

	rex_test_mutate(t, c);
	img = rex_image_create(&t->lctx, t->e, t->len);
	if (IS_ERR(img)) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(img), (long)c->err);
	} else {
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_image_put, img), 0);
		KUNIT_EXPECT_EQ(test, 0L, (long)c->err);
		rex_test_expect_loaded(test, t, c, img);
	}
	rex_test_expect_log(test, t, c->msg);
}

KUNIT_ARRAY_PARAM_DESC(rex_sig, rex_sig_cases, desc);

static void rex_sig_check_rejects_bad_trailers(struct kunit *test)
{
	const struct rex_image_case *c = test->param_value;
	struct rex_test_image *t;
	size_t len;
	int err;

	if ((c->flags & REX_T_ENFORCED) && !READ_ONCE(rex_sig_enforce))
		kunit_skip(test, "signature enforcement is off (rex.sig_enforce=0)");
	t = rex_test_image_new(test, c->flags);
	rex_test_mutate(t, c);
	len = t->len;
	err = rex_sig_check(&t->lctx, t->e, &len);
	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_EXPECT_EQ(test, len, t->len);
	rex_test_expect_log(test, t, c->msg);
}

/* ---- random damage ------------------------------------------------------ */

#define REX_FUZZ_SEED		0x52657846ULL	/* fixed: a failure reproduces */
#define REX_FUZZ_ROUNDS		1500
#define REX_FUZZ_MAX_EDITS	6

/* Values at the edges of what the loader's range checks compare against. */
static u64 rex_fuzz_value(struct rnd_state *rs, size_t len)
{
	static const u64 edges[] = {
		0, 1, 2, 7, 8, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
	};
	u32 r = prandom_u32_state(rs);

	switch (r % 4) {
	case 0:
		return edges[(r >> 2) % ARRAY_SIZE(edges)];
	case 1:	/* near the end of the image: offsets and sizes that just fit, or not */
		return len + (s64)((r >> 2) % 33) - 16;
	default:
		return ((u64)prandom_u32_state(rs) << 32) | prandom_u32_state(rs);
	}
}

/* Damage @buf in a few places: bytes, bits, or whole fields set to edge values. */
static size_t rex_fuzz_mutate(struct rnd_state *rs, u8 *buf, size_t len)
{
	unsigned int i, edits = 1 + prandom_u32_state(rs) % REX_FUZZ_MAX_EDITS;

	for (i = 0; i < edits && len; i++) {
		u32 r = prandom_u32_state(rs);
		size_t off = prandom_u32_state(rs) % len;
		unsigned int width = 1U << ((r >> 4) % 4);	/* 1, 2, 4 or 8 bytes */
		u64 v;

		switch (r % 8) {
		case 0:
			buf[off] ^= 1U << ((r >> 8) % 8);
			break;
		case 1:
			buf[off] = r >> 8;
			break;
		case 2:	/* rarely: cut the image short */
			if (!(r & 0x300))
				len = off;
			break;
		default:
			off = round_down(off, width);
			if (off + width > len)
				break;
			v = rex_fuzz_value(rs, len);
			memcpy(buf + off, &v, width);	/* little-endian: the low bytes */
			break;
		}
	}
	return len;
}

/*
 * Thousands of randomly damaged copies of the valid image: each is refused
 * with an errno and a log message, or loads; none crashes, warns or (under
 * KASAN) reads outside the bytes it was given, which are allocated to the
 * exact length. Images that load are freed again.
 */
static void rex_image_create_survives_random_damage(struct kunit *test)
{
	struct rex_test_image *t = rex_test_image_new(test, REX_T_MAP | REX_T_MAP_FD);
	unsigned int round, loaded = 0, refused = 0;
	DECLARE_BITMAP(errnos, 256) = {};
	struct rnd_state rs;
	u8 *damaged;

	damaged = kunit_kmalloc(test, t->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, damaged);
	prandom_seed_state(&rs, REX_FUZZ_SEED);
	for (round = 0; round < REX_FUZZ_ROUNDS; round++) {
		struct rex_image *img;
		size_t len;
		u8 *buf;

		memcpy(damaged, t->e, t->len);
		len = rex_fuzz_mutate(&rs, damaged, t->len);
		buf = kmemdup(damaged, len, GFP_KERNEL);	/* len 0: ZERO_SIZE_PTR */
		KUNIT_ASSERT_NOT_NULL(test, buf);
		t->log->kbuf[0] = '\0';
		img = rex_image_create(&t->lctx, buf, len);
		kfree(buf);
		if (!IS_ERR(img)) {
			loaded++;
			rex_image_put(img);
			continue;
		}
		refused++;
		if (-PTR_ERR(img) < 256)
			__set_bit(-PTR_ERR(img), errnos);
		KUNIT_EXPECT_TRUE_MSG(test, PTR_ERR(img) < 0 && PTR_ERR(img) >= -MAX_ERRNO,
				      "round %u: error %ld", round, PTR_ERR(img));
		if (PTR_ERR(img) != -ENOMEM)
			KUNIT_EXPECT_NE_MSG(test, t->log->kbuf[0], '\0',
					    "round %u: refused with %ld and no log message",
					    round, PTR_ERR(img));
	}
	kunit_info(test, "%u damaged images: %u refused (errnos %*pbl), %u loaded",
		   REX_FUZZ_ROUNDS, refused, 256, errnos, loaded);
	/* the damage reaches the checks: most copies are refused, some load */
	KUNIT_EXPECT_GT(test, refused, REX_FUZZ_ROUNDS / 2);
	KUNIT_EXPECT_GT(test, loaded, 0U);
}

/*
 * An import only code the program cannot reach refers to: the call sits in
 * a second code section (.data, made executable) that nothing relocates
 * into .text, where the entry is. A helper the program's type may not use
 * is then bound to rex_unreached_import instead of refusing the image; the
 * same helper called from .text is refused ("import of bpf_xdp_adjust_head
 * from a socket filter" above).
 */
static void rex_test_unreached(struct rex_test_image *t, const char *import, u32 type)
{
	rex_test_set_import(t, import);
	t->prog->type = type;
	t->e->shdrs[SEC_DATA].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
	t->e->shdrs[SEC_RELA].sh_info = SEC_DATA;
	t->e->rela.r_offset = 1;	/* a call at the start of .data */
}

static void rex_image_create_binds_unreached_imports(struct kunit *test)
{
	const struct {
		const char *import;
		u32 type;
		const void *addr;
	} cases[] = {
		/* not for socket filters: bound to rex_unreached_import */
		{ "bpf_xdp_adjust_head", BPF_PROG_TYPE_SOCKET_FILTER, rex_unreached_import_thunk },
		/* a spin lock in a kprobe program's unreached code: rex_unreached_import */
		{ "rex_spin_lock", BPF_PROG_TYPE_KPROBE, rex_unreached_import_thunk },
		/* one the type offers: bound to the helper, as when reached */
		{ "bpf_get_smp_processor_id", BPF_PROG_TYPE_XDP,
		  bpf_get_smp_processor_id_proto.func },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct rex_test_image *t = rex_test_image_new(test, 0);
		unsigned long code;
		struct rex_image *img;
		s32 rel;

		rex_test_unreached(t, cases[i].import, cases[i].type);
		img = rex_image_create(&t->lctx, t->e, t->len);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(img), "%s: %ld (%s)", cases[i].import,
				       PTR_ERR(img), t->log->kbuf);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_image_put, img), 0);
		rex_test_expect_log(test, t, NULL);
		KUNIT_ASSERT_EQ(test, img->nr_imports, 1U);
		KUNIT_EXPECT_STREQ(test, img->imports[0].name, cases[i].import);
		KUNIT_EXPECT_EQ(test, img->imports[0].reached_by, 0ULL);
		KUNIT_EXPECT_EQ(test, img->imports[0].addr, (unsigned long)cases[i].addr);
		/* the second code section follows .text in the text part */
		code = (unsigned long)img->mem + sizeof(rex_test_code);
		code = ALIGN(code, 8);
		memcpy(&rel, (void *)code + 1, sizeof(rel));
		KUNIT_EXPECT_EQ_MSG(test, code + 5 + (long)rel, (unsigned long)cases[i].addr,
				    "%s: the call's target", cases[i].import);
	}
	/* A forbidden name is refused even where nothing reaches it. */
	{
		struct rex_test_image *t = rex_test_image_new(test, 0);

		rex_test_unreached(t, "commit_creds", BPF_PROG_TYPE_XDP);
		KUNIT_EXPECT_EQ(test, PTR_ERR(rex_image_create(&t->lctx, t->e, t->len)),
				(long)-EACCES);
		rex_test_expect_log(test, t, "import commit_creds: forbidden symbol");
	}
}

/* A return patched where no return thunk is wanted: ret, int3 x4. */
static const u8 rex_test_ret[] = { RET_INSN_OPCODE, INT3_INSN_OPCODE, INT3_INSN_OPCODE,
				   INT3_INSN_OPCODE, INT3_INSN_OPCODE };

/*
 * A return: the fixture's call made "jmp __x86_return_thunk". The loader
 * makes it "ret; int3 x4" where the kernel wants no return thunk (as
 * apply_returns() does), else a jump to the thunk the kernel chose; the
 * thunk is not an import.
 */
static void rex_image_create_patches_returns(struct kunit *test)
{
	struct rex_test_image *t = rex_test_image_new(test, 0);
	struct rex_image *img;
	u8 *site;
	s32 rel;

	rex_test_set_import(t, REX_RETURN_THUNK);
	t->e->text[4] = JMP32_INSN_OPCODE;
	img = rex_image_create(&t->lctx, t->e, t->len);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(img), "%ld (%s)", PTR_ERR(img), t->log->kbuf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_image_put, img), 0);
	rex_test_expect_log(test, t, NULL);
	KUNIT_EXPECT_EQ(test, img->nr_imports, 0U);

	site = (u8 *)img->mem + 4;
	if (cpu_wants_rethunk_at(site)) {
		KUNIT_EXPECT_EQ(test, site[0], JMP32_INSN_OPCODE);
		memcpy(&rel, site + 1, sizeof(rel));
		KUNIT_EXPECT_EQ(test, (unsigned long)site + JMP32_INSN_SIZE + (long)rel,
				(unsigned long)x86_return_thunk);
	} else {
		KUNIT_EXPECT_MEMEQ(test, site, rex_test_ret, sizeof(rex_test_ret));
	}
}

static void rex_test_execmem_free(void *mem)
{
	execmem_free(mem);
}

/*
 * The two ways a return is patched, whatever this CPU wants: to a jump to
 * the kernel's return thunk (what CPUs with Retbleed or SRSO mitigations
 * get), and to ret + int3. Done where images live (the module area, in
 * reach of the kernel's text); a thunk out of rel32 reach is refused and
 * the bytes are left as they were.
 */
static void rex_patch_return_encodes_both_forms(struct kunit *test)
{
	u8 *far = kunit_kzalloc(test, 16, GFP_KERNEL);
	u8 before[JMP32_INSN_SIZE];
	u8 *buf;
	s32 rel;

	KUNIT_ASSERT_NOT_NULL(test, far);
	buf = execmem_alloc(EXECMEM_BPF, PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rex_test_execmem_free, buf), 0);
	memset(buf, 0, 16);

	buf[3] = JMP32_INSN_OPCODE;
	KUNIT_EXPECT_TRUE(test, rex_patch_return(buf + 3, x86_return_thunk));
	KUNIT_EXPECT_EQ(test, buf[3], JMP32_INSN_OPCODE);
	memcpy(&rel, buf + 4, sizeof(rel));
	KUNIT_EXPECT_EQ(test, (unsigned long)buf + 3 + JMP32_INSN_SIZE + (long)rel,
			(unsigned long)x86_return_thunk);

	/* the direct map is far more than 2 GiB from the module area */
	memcpy(before, buf + 3, sizeof(before));
	KUNIT_EXPECT_FALSE(test, rex_patch_return(buf + 3, (void (*)(void))far));
	KUNIT_EXPECT_MEMEQ(test, buf + 3, before, sizeof(before));

	KUNIT_EXPECT_TRUE(test, rex_patch_return(buf + 3, NULL));
	KUNIT_EXPECT_MEMEQ(test, buf + 3, rex_test_ret, sizeof(rex_test_ret));
	KUNIT_EXPECT_EQ(test, buf[8], 0);
}

static struct kunit_case rex_image_test_cases[] = {
	KUNIT_CASE_PARAM(rex_image_create_accepts_only_well_formed_images, rex_image_gen_params),
	KUNIT_CASE_PARAM(rex_sig_check_rejects_bad_trailers, rex_sig_gen_params),
	KUNIT_CASE(rex_image_create_survives_random_damage),
	KUNIT_CASE(rex_image_create_binds_unreached_imports),
	KUNIT_CASE(rex_image_create_patches_returns),
	KUNIT_CASE(rex_patch_return_encodes_both_forms),
	{}
};

static struct kunit_suite rex_image_suite = {
	.name = "rex_image",
	.test_cases = rex_image_test_cases,
};

kunit_test_suite(rex_image_suite);

MODULE_DESCRIPTION("KUnit tests for Rex image validation");
MODULE_LICENSE("GPL");
