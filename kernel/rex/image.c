// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rex images: strict ELF validation, W^X mapping and relocation.
 *
 * An image is an ELF64 x86-64 relocatable object. Only SHF_ALLOC sections
 * (but read-only notes) are mapped, grouped into text (RO+X), read-only
 * data (RO; it holds the descriptor sections, including the map slots once
 * bound) and data (RW).
 * The groups are page aligned in one allocation from the module area, so
 * rel32 calls reach the kernel's helpers directly. Everything that decides
 * what runs comes from the signed image; nothing from user space but the
 * map fds.
 */

#define pr_fmt(fmt) "rex: " fmt

#include <linux/elf.h>
#include <linux/execmem.h>
#include <linux/filter.h>
#include <linux/overflow.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/alternative.h>
#include <asm/nospec-branch.h>
#include <asm/text-patching.h>

#include "internal.h"

/* Section flags the kernel's elf.h does not name (ELF gABI values). */
#define REX_SHF_MERGE		0x10
#define REX_SHF_STRINGS		0x20
#define REX_SHF_INFO_LINK	0x40
#define REX_SHF_GROUP		0x200

enum rex_group { REX_TEXT, REX_RODATA, REX_DATA, REX_NR_GROUPS };

/* Parsing state; lives only during the load. */
struct rex_elf {
	struct rex_load_ctx *lctx;
	const u8 *buf;
	size_t len;
	const Elf64_Ehdr *ehdr;
	const Elf64_Shdr *shdrs;
	unsigned int shnum;
	const char *shstr;
	size_t shstr_size;
	const Elf64_Sym *syms;
	unsigned int nsyms;
	unsigned int symtab_idx;
	const char *str;
	size_t str_size;
	unsigned long *addr;		/* mapped address per section, 0 if none */
	u64 *reach;			/* per section: the programs that reach it */
	u64 *sym_reach;			/* per undefined symbol: who refers to it */
	u16 *entry_shndx;		/* per program: its entry's section */
	int progs_idx, maps_idx, meta_idx;
	size_t group_size[REX_NR_GROUPS];
	struct rex_image *img;
};

#define elf_err(e, fmt, ...) ({ rex_log((e)->lctx, fmt, ##__VA_ARGS__); -ENOEXEC; })

static bool rex_range_ok(size_t len, u64 off, u64 size)
{
	return off <= len && size <= len - off;
}

static const char *rex_sec_name(struct rex_elf *e, unsigned int i)
{
	u32 off = e->shdrs[i].sh_name;

	if (off >= e->shstr_size || !memchr(e->shstr + off, 0, e->shstr_size - off))
		return NULL;
	return e->shstr + off;
}

static const char *rex_sym_name(struct rex_elf *e, const Elf64_Sym *sym)
{
	u32 off = sym->st_name;

	if (off >= e->str_size || !memchr(e->str + off, 0, e->str_size - off))
		return NULL;
	return e->str + off;
}

static int rex_elf_check_header(struct rex_elf *e)
{
	const Elf64_Ehdr *h = e->ehdr;

	if (e->len < sizeof(*h))
		return elf_err(e, "image of %zu bytes is too small for an ELF header", e->len);
	if (memcmp(h->e_ident, ELFMAG, SELFMAG))
		return elf_err(e, "not an ELF file (bad magic)");
	if (h->e_ident[EI_CLASS] != ELFCLASS64)
		return elf_err(e, "ELF class %u: only ELFCLASS64 is supported", h->e_ident[EI_CLASS]);
	if (h->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_err(e, "ELF data encoding %u: only little endian is supported",
			       h->e_ident[EI_DATA]);
	if (h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
		return elf_err(e, "ELF version %u is not EV_CURRENT", h->e_version);
	if (h->e_type != ET_REL)
		return elf_err(e, "ELF type %u: a Rex image is a relocatable object (ET_REL)", h->e_type);
	if (h->e_machine != EM_X86_64)
		return elf_err(e, "ELF machine %u: only x86-64 (%u) is supported",
			       h->e_machine, EM_X86_64);
	if (h->e_ehsize != sizeof(*h) || h->e_shentsize != sizeof(Elf64_Shdr))
		return elf_err(e, "ELF header or section header size is wrong");
	if (h->e_phnum || h->e_phoff)
		return elf_err(e, "a relocatable image has no program headers");
	if (!h->e_shnum || h->e_shnum > REX_MAX_SECTIONS)
		return elf_err(e, "section count %u is out of range (1..%u)",
			       h->e_shnum, REX_MAX_SECTIONS);
	if (h->e_shoff % 8 ||
	    !rex_range_ok(e->len, h->e_shoff, (u64)h->e_shnum * sizeof(Elf64_Shdr)))
		return elf_err(e, "section header table is misaligned or outside the image");
	if (h->e_shstrndx == SHN_UNDEF || h->e_shstrndx >= h->e_shnum)
		return elf_err(e, "section name table index %u is invalid", h->e_shstrndx);
	e->shdrs = (const Elf64_Shdr *)(e->buf + h->e_shoff);
	e->shnum = h->e_shnum;
	return 0;
}

struct rex_extent {
	u64 start, end;
	unsigned int idx;
};

static int rex_extent_cmp(const void *a, const void *b)
{
	const struct rex_extent *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Section contents in bounds, aligned, and overlapping nothing else. */
static int rex_elf_check_sections(struct rex_elf *e)
{
	struct rex_extent *ext;
	unsigned int i, n = 0;
	int err = 0;

	ext = kvcalloc(e->shnum + 2, sizeof(*ext), GFP_KERNEL);
	if (!ext)
		return -ENOMEM;
	ext[n++] = (struct rex_extent){ 0, sizeof(Elf64_Ehdr), -1 };
	ext[n++] = (struct rex_extent){ e->ehdr->e_shoff,
		e->ehdr->e_shoff + (u64)e->shnum * sizeof(Elf64_Shdr), -1 };

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->shdrs[i];
		u64 align = s->sh_addralign;

		if (align > PAGE_SIZE || (align && !is_power_of_2(align))) {
			err = elf_err(e, "section %u: alignment %llu is not a power of two up to %lu",
				      i, align, PAGE_SIZE);
			goto out;
		}
		if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL || !s->sh_size)
			continue;
		if (!rex_range_ok(e->len, s->sh_offset, s->sh_size)) {
			err = elf_err(e, "section %u: contents [%#llx, +%#llx) outside the image",
				      i, s->sh_offset, s->sh_size);
			goto out;
		}
		if (align && s->sh_offset % align) {
			err = elf_err(e, "section %u: file offset %#llx not aligned to %llu",
				      i, s->sh_offset, align);
			goto out;
		}
		ext[n++] = (struct rex_extent){ s->sh_offset, s->sh_offset + s->sh_size, i };
	}
	sort(ext, n, sizeof(*ext), rex_extent_cmp, NULL);
	for (i = 1; i < n; i++) {
		if (ext[i].start < ext[i - 1].end) {
			err = elf_err(e, "section %d overlaps section %d or the ELF tables",
				      (int)ext[i].idx, (int)ext[i - 1].idx);
			goto out;
		}
	}
out:
	kvfree(ext);
	return err;
}

static int rex_elf_find_tables(struct rex_elf *e)
{
	const Elf64_Shdr *ss = &e->shdrs[e->ehdr->e_shstrndx], *st;
	unsigned int i;

	if (ss->sh_type != SHT_STRTAB || !ss->sh_size ||
	    e->buf[ss->sh_offset + ss->sh_size - 1])
		return elf_err(e, "section name table is not a NUL-terminated SHT_STRTAB");
	e->shstr = (const char *)e->buf + ss->sh_offset;
	e->shstr_size = ss->sh_size;
	e->progs_idx = e->maps_idx = e->meta_idx = -1;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->shdrs[i];
		const char *name = rex_sec_name(e, i);
		int *desc;

		if (!name)
			return elf_err(e, "section %u: name is outside the name table", i);
		if (s->sh_type == SHT_SYMTAB) {
			if (e->syms)
				return elf_err(e, "more than one symbol table");
			if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym) ||
			    s->sh_offset % 8)
				return elf_err(e, "symbol table entry size or alignment is wrong");
			e->syms = (const Elf64_Sym *)(e->buf + s->sh_offset);
			e->nsyms = s->sh_size / sizeof(Elf64_Sym);
			e->symtab_idx = i;
			if (s->sh_link == 0 || s->sh_link >= e->shnum)
				return elf_err(e, "symbol table has no string table");
			st = &e->shdrs[s->sh_link];
			if (st->sh_type != SHT_STRTAB || !st->sh_size ||
			    e->buf[st->sh_offset + st->sh_size - 1])
				return elf_err(e, "symbol string table is not a NUL-terminated SHT_STRTAB");
			e->str = (const char *)e->buf + st->sh_offset;
			e->str_size = st->sh_size;
		}
		if (!strcmp(name, REX_SEC_PROGS))
			desc = &e->progs_idx;
		else if (!strcmp(name, REX_SEC_MAPS))
			desc = &e->maps_idx;
		else if (!strcmp(name, REX_SEC_META))
			desc = &e->meta_idx;
		else
			continue;
		if (*desc >= 0)
			return elf_err(e, "more than one %s section", name);
		*desc = i;
	}
	if (!e->syms)
		return elf_err(e, "no symbol table");
	if (e->progs_idx < 0 || e->meta_idx < 0)
		return elf_err(e, "missing %s or %s section", REX_SEC_PROGS, REX_SEC_META);
	return 0;
}

static bool rex_sec_is_desc(struct rex_elf *e, unsigned int i)
{
	return (int)i == e->progs_idx || (int)i == e->maps_idx || (int)i == e->meta_idx;
}

static enum rex_group rex_sec_group(struct rex_elf *e, unsigned int i)
{
	u64 f = e->shdrs[i].sh_flags;

	if (f & SHF_EXECINSTR)
		return REX_TEXT;
	/*
	 * Descriptors are read-only even if marked writable: the map slots
	 * are written by the loader only, then sealed with rodata.
	 */
	if (!(f & SHF_WRITE) || rex_sec_is_desc(e, i))
		return REX_RODATA;
	return REX_DATA;
}

static int rex_elf_check_alloc(struct rex_elf *e, unsigned int i)
{
	const Elf64_Shdr *s = &e->shdrs[i];
	const char *name = rex_sec_name(e, i);
	u64 allowed = SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR | REX_SHF_MERGE |
		      REX_SHF_STRINGS | REX_SHF_INFO_LINK | REX_SHF_GROUP;

	if (s->sh_type != SHT_PROGBITS && s->sh_type != SHT_NOBITS)
		return elf_err(e, "section %s: type %u cannot be loaded (constructors, TLS and the like are not allowed)",
			       name, s->sh_type);
	if (s->sh_flags & ~allowed)
		return elf_err(e, "section %s: flags %#llx not allowed", name, s->sh_flags);
	if ((s->sh_flags & SHF_WRITE) && (s->sh_flags & SHF_EXECINSTR))
		return elf_err(e, "section %s is writable and executable (W^X)", name);
	if (rex_sec_is_desc(e, i) && (s->sh_flags & SHF_EXECINSTR))
		return elf_err(e, "descriptor section %s must not be executable", name);
	if (s->sh_type == SHT_NOBITS && (s->sh_flags & SHF_EXECINSTR))
		return elf_err(e, "section %s: executable section without contents", name);
	return 0;
}

/* Assign every SHF_ALLOC section an offset in its group. */
static int rex_elf_layout(struct rex_elf *e)
{
	unsigned int i;
	int err;

	e->addr = kvcalloc(e->shnum, sizeof(*e->addr), GFP_KERNEL);
	if (!e->addr)
		return -ENOMEM;
	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->shdrs[i];
		enum rex_group g;
		size_t off;

		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		/*
		 * Notes describe the object (-fcf-protection=branch adds
		 * .note.gnu.property); they are not loaded. A writable or
		 * executable one is refused below.
		 */
		if (s->sh_type == SHT_NOTE && !(s->sh_flags & (SHF_WRITE | SHF_EXECINSTR)))
			continue;
		err = rex_elf_check_alloc(e, i);
		if (err)
			return err;
		g = rex_sec_group(e, i);
		off = ALIGN(e->group_size[g], max_t(u64, s->sh_addralign, 1));
		if (s->sh_size > REX_IMAGE_MAX_SIZE || off + s->sh_size > REX_IMAGE_MAX_SIZE)
			return elf_err(e, "section %s: size %llu too large", rex_sec_name(e, i),
				       s->sh_size);
		/* Offset within the group for now; made absolute after allocation. */
		e->addr[i] = off + 1;
		e->group_size[g] = off + s->sh_size;
	}
	if (!e->group_size[REX_TEXT])
		return elf_err(e, "no executable code");
	return 0;
}

static int rex_elf_map(struct rex_elf *e)
{
	struct rex_image *img = e->img;
	unsigned long base[REX_NR_GROUPS];
	unsigned int i;
	size_t total;
	u8 *mem;

	img->text_size = PAGE_ALIGN(e->group_size[REX_TEXT]);
	img->ro_size = PAGE_ALIGN(e->group_size[REX_RODATA]);
	img->data_size = PAGE_ALIGN(e->group_size[REX_DATA]);
	total = img->text_size + img->ro_size + img->data_size;

	mem = execmem_alloc(EXECMEM_BPF, total);
	if (!mem)
		return -ENOMEM;
	set_vm_flush_reset_perms(mem);
	/* Padding between functions traps. */
	memset(mem, 0xcc, img->text_size);
	memset(mem + img->text_size, 0, total - img->text_size);
	img->mem = mem;

	base[REX_TEXT] = (unsigned long)mem;
	base[REX_RODATA] = base[REX_TEXT] + img->text_size;
	base[REX_DATA] = base[REX_RODATA] + img->ro_size;
	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->shdrs[i];

		if (!e->addr[i])
			continue;
		e->addr[i] = base[rex_sec_group(e, i)] + e->addr[i] - 1;
		if (s->sh_type == SHT_PROGBITS)
			memcpy((void *)e->addr[i], e->buf + s->sh_offset, s->sh_size);
	}
	return 0;
}

static int rex_elf_check_symbols(struct rex_elf *e)
{
	unsigned int i;

	for (i = 1; i < e->nsyms; i++) {
		const Elf64_Sym *sym = &e->syms[i];
		const char *name = rex_sym_name(e, sym);
		u16 shndx = sym->st_shndx;

		if (!name)
			return elf_err(e, "symbol %u: name is outside the string table", i);
		if (shndx == SHN_UNDEF || ELF64_ST_TYPE(sym->st_info) == STT_FILE)
			continue;
		if (shndx == SHN_COMMON)
			return elf_err(e, "symbol %s: common symbols are not allowed", name);
		if (shndx >= e->shnum)
			return elf_err(e, "symbol %s: section index %u is invalid", name, shndx);
		if (e->shdrs[shndx].sh_flags & SHF_ALLOC &&
		    !rex_range_ok(e->shdrs[shndx].sh_size, sym->st_value, sym->st_size))
			return elf_err(e, "symbol %s lies outside its section", name);
	}
	return 0;
}

static struct rex_import *rex_find_import(struct rex_image *img, const char *name)
{
	unsigned int i;

	for (i = 0; i < img->nr_imports; i++)
		if (!strcmp(img->imports[i].name, name))
			return &img->imports[i];
	return NULL;
}

/*
 * The relocation sections that change what runs: SHT_RELA, of a loaded
 * section other than a descriptor section, with whole, aligned entries.
 * NULL for any other section (rex_elf_relocate refuses the bad ones).
 */
static const Elf64_Rela *rex_elf_relas(struct rex_elf *e, unsigned int i, unsigned int *n)
{
	const Elf64_Shdr *s = &e->shdrs[i];
	unsigned int target = s->sh_info;

	if (s->sh_type != SHT_RELA || target == 0 || target >= e->shnum ||
	    s->sh_link != e->symtab_idx || !e->addr[target] || rex_sec_is_desc(e, target) ||
	    s->sh_entsize != sizeof(Elf64_Rela) || s->sh_size % sizeof(Elf64_Rela) ||
	    s->sh_offset % 8)
		return NULL;
	*n = s->sh_size / sizeof(Elf64_Rela);
	return (const Elf64_Rela *)(e->buf + s->sh_offset);
}

/*
 * Which programs reach each section: a program reaches the section of its
 * entry, and every section that a relocation of a section it reaches refers
 * to. Code finds other code and data only through relocations (the safe
 * subset has no raw pointers, and map values hold plain data), so a
 * program never calls an import that only sections it does not reach
 * refer to. Each pass over the relocations spreads the sets one step; a
 * pass that changes nothing ends it, at most one pass per section.
 */
static int rex_elf_reach(struct rex_elf *e)
{
	struct rex_image *img = e->img;
	unsigned int i, j, n, pass;
	bool grew = true;

	e->reach = kvcalloc(e->shnum, sizeof(*e->reach), GFP_KERNEL);
	if (!e->reach)
		return -ENOMEM;
	for (i = 0; i < img->nr_progs; i++)
		e->reach[e->entry_shndx[i]] |= BIT_ULL(i);

	for (pass = 0; grew && pass < e->shnum; pass++) {
		grew = false;
		cond_resched();
		for (i = 1; i < e->shnum; i++) {
			const Elf64_Rela *rela = rex_elf_relas(e, i, &n);
			u64 from;

			if (!rela)
				continue;
			from = e->reach[e->shdrs[i].sh_info];
			if (!from)
				continue;
			for (j = 0; j < n; j++) {
				u32 symi = ELF64_R_SYM(rela[j].r_info);
				u16 to;

				if (!symi || symi >= e->nsyms)
					continue;
				to = e->syms[symi].st_shndx;
				if (to == SHN_UNDEF || to >= e->shnum ||
				    (e->reach[to] | from) == e->reach[to])
					continue;
				e->reach[to] |= from;
				grew = true;
			}
		}
	}

	/* Then, in one pass, which programs refer to each undefined symbol. */
	e->sym_reach = kvcalloc(e->nsyms, sizeof(*e->sym_reach), GFP_KERNEL);
	if (!e->sym_reach)
		return -ENOMEM;
	for (i = 1; i < e->shnum; i++) {
		const Elf64_Rela *rela = rex_elf_relas(e, i, &n);
		u64 from;

		if (!rela)
			continue;
		from = e->reach[e->shdrs[i].sh_info];
		for (j = 0; from && j < n; j++) {
			u32 symi = ELF64_R_SYM(rela[j].r_info);

			if (symi && symi < e->nsyms && e->syms[symi].st_shndx == SHN_UNDEF)
				e->sym_reach[symi] |= from;
		}
	}
	return 0;
}

/*
 * The programs that reach a relocation against undefined symbol @name:
 * against any symbol of that name, as an image may hold more than one.
 */
static u64 rex_elf_import_reach(struct rex_elf *e, const char *name)
{
	unsigned int i;
	u64 by = 0;

	for (i = 1; i < e->nsyms; i++)
		if (e->sym_reach[i] && e->syms[i].st_shndx == SHN_UNDEF &&
		    !strcmp(rex_sym_name(e, &e->syms[i]), name))
			by |= e->sym_reach[i];
	return by;
}

/* Resolve an undefined symbol through the allowlist, once per name. */
static int rex_elf_import(struct rex_elf *e, const char *name, unsigned long *addr)
{
	struct rex_image *img = e->img;
	struct rex_import *imp = rex_find_import(img, name);
	u64 reached_by;
	bool reached;
	long err;

	if (imp) {
		*addr = imp->addr;
		return 0;
	}
	if (strlen(name) >= REX_SYM_LEN) {
		rex_log(e->lctx, "import %.*s...: not an allowed symbol", 32, name);
		return -EACCES;
	}
	reached_by = rex_elf_import_reach(e, name);
	reached = e->lctx->index >= img->nr_progs || reached_by & BIT_ULL(e->lctx->index);
	err = rex_import_resolve(e->lctx, name, addr, reached);
	if (err)
		return err;
	imp = krealloc_array(img->imports, img->nr_imports + 1, sizeof(*imp), GFP_KERNEL);
	if (!imp)
		return -ENOMEM;
	img->imports = imp;
	imp += img->nr_imports++;
	strscpy(imp->name, name, sizeof(imp->name));
	imp->addr = *addr;
	imp->reached_by = reached_by;
	return 0;
}

/*
 * Make the jmp rel32 at @jmp a jump to @thunk, or "ret; int3 x4" if @thunk
 * is NULL. False if @thunk is out of a rel32's reach.
 */
bool rex_patch_return(u8 *jmp, void (*thunk)(void))
{
	s64 rel;

	if (!thunk) {
		jmp[0] = RET_INSN_OPCODE;
		memset(jmp + 1, INT3_INSN_OPCODE, JMP32_INSN_SIZE - 1);
		return true;
	}
	rel = (s64)(unsigned long)thunk - (s64)(unsigned long)(jmp + JMP32_INSN_SIZE);
	if (rel != (s32)rel)
		return false;
	jmp[0] = JMP32_INSN_OPCODE;
	put_unaligned((s32)rel, (s32 *)(jmp + 1));
	return true;
}

/*
 * A return. rex build compiles "ret" as "jmp __x86_return_thunk"
 * (-mfunction-return=thunk-extern), as the kernel compiles its own, and
 * each becomes what apply_returns() makes of the kernel's: a jump to the
 * return thunk the kernel chose, where it wants one there
 * (cpu_wants_rethunk_at(): Retbleed, SRSO, ITS mitigations), else "ret"
 * padded with int3. The thunk is not an import: nothing calls it.
 */
static int rex_elf_return_site(struct rex_elf *e, unsigned int target,
			       const Elf64_Rela *r, u32 type)
{
	u8 *jmp = (u8 *)(e->addr[target] + r->r_offset) - 1;

	if (!(e->shdrs[target].sh_flags & SHF_EXECINSTR) ||
	    (type != R_X86_64_PLT32 && type != R_X86_64_PC32) || r->r_addend != -4 ||
	    !r->r_offset || *jmp != JMP32_INSN_OPCODE)
		return elf_err(e,
			       "relocation at %s+%#llx: __x86_return_thunk is only for returns (jmp __x86_return_thunk)",
			       rex_sec_name(e, target), r->r_offset);
	if (!rex_patch_return(jmp, cpu_wants_rethunk_at(jmp) ? x86_return_thunk : NULL))
		return elf_err(e, "relocation at %s+%#llx: the return thunk is too far",
			       rex_sec_name(e, target), r->r_offset);
	return 0;
}

static int rex_elf_relocate_one(struct rex_elf *e, unsigned int target,
				const Elf64_Rela *r)
{
	const Elf64_Shdr *t = &e->shdrs[target];
	u32 type = ELF64_R_TYPE(r->r_info), symi = ELF64_R_SYM(r->r_info);
	const Elf64_Sym *sym;
	unsigned long place, s;
	unsigned int width;
	s64 val;
	int err;

	switch (type) {
	case R_X86_64_64:
		width = 8;
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
		width = 4;
		break;
	default:
		return elf_err(e, "relocation type %u in %s at %#llx is not supported",
			       type, rex_sec_name(e, target), r->r_offset);
	}
	if (t->sh_type == SHT_NOBITS || !rex_range_ok(t->sh_size, r->r_offset, width))
		return elf_err(e, "relocation at %s+%#llx is outside the section",
			       rex_sec_name(e, target), r->r_offset);
	if (!symi || symi >= e->nsyms)
		return elf_err(e, "relocation at %s+%#llx: symbol index %u is invalid",
			       rex_sec_name(e, target), r->r_offset, symi);

	sym = &e->syms[symi];
	if (sym->st_shndx == SHN_UNDEF && !strcmp(rex_sym_name(e, sym), REX_RETURN_THUNK))
		return rex_elf_return_site(e, target, r, type);
	if (sym->st_shndx == SHN_UNDEF) {
		err = rex_elf_import(e, rex_sym_name(e, sym), &s);
		if (err)
			return err;
	} else if (sym->st_shndx < e->shnum && e->addr[sym->st_shndx]) {
		s = e->addr[sym->st_shndx] + sym->st_value;
	} else {
		return elf_err(e, "relocation at %s+%#llx refers to a section that is not loaded",
			       rex_sec_name(e, target), r->r_offset);
	}

	place = e->addr[target] + r->r_offset;
	val = (s64)(s + r->r_addend);
	switch (type) {
	case R_X86_64_64:
		put_unaligned((u64)val, (u64 *)place);
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		val -= (s64)place;
		fallthrough;
	case R_X86_64_32S:
		if (val != (s32)val)
			break;
		put_unaligned((u32)val, (u32 *)place);
		return 0;
	case R_X86_64_32:
		if ((u64)val != (u32)val)
			break;
		put_unaligned((u32)val, (u32 *)place);
		return 0;
	}
	return elf_err(e, "relocation at %s+%#llx: value out of range for type %u",
		       rex_sec_name(e, target), r->r_offset, type);
}

static int rex_elf_relocate(struct rex_elf *e)
{
	unsigned int i, j;
	int err;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->shdrs[i];
		const Elf64_Rela *rela;
		unsigned int target = s->sh_info;

		if (s->sh_type == SHT_REL)
			return elf_err(e, "SHT_REL section %s: only SHT_RELA is supported",
				       rex_sec_name(e, i));
		if (s->sh_type != SHT_RELA)
			continue;
		if (target == 0 || target >= e->shnum || s->sh_link != e->symtab_idx)
			return elf_err(e, "relocation section %s: bad target or symbol table",
				       rex_sec_name(e, i));
		/* Relocations of unloaded sections cannot change what runs. */
		if (!e->addr[target])
			continue;
		if (rex_sec_is_desc(e, target))
			return elf_err(e, "descriptor section %s must not be relocated",
				       rex_sec_name(e, target));
		if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_size % sizeof(Elf64_Rela) ||
		    s->sh_offset % 8)
			return elf_err(e, "relocation section %s: entry size or alignment is wrong",
				       rex_sec_name(e, i));
		rela = (const Elf64_Rela *)(e->buf + s->sh_offset);
		for (j = 0; j < s->sh_size / sizeof(*rela); j++) {
			err = rex_elf_relocate_one(e, target, &rela[j]);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * The dispatcher reaches a program's entry with an indirect call, which a
 * CPU with IBT (CONFIG_X86_KERNEL_IBT) lets land only on an ENDBR64. rex
 * build emits one there (-fcf-protection=branch); it is required whatever
 * the kernel's configuration, so an image loads on every Rex kernel or on
 * none. Checked after relocation: what runs is what is checked.
 */
static int rex_elf_check_entries(struct rex_elf *e)
{
	static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	struct rex_image *img = e->img;
	unsigned int i;

	for (i = 0; i < img->nr_progs; i++) {
		unsigned int shndx = e->entry_shndx[i];
		unsigned long off = img->entries[i] - e->addr[shndx];

		if (off + sizeof(endbr64) > e->shdrs[shndx].sh_size ||
		    memcmp((const void *)img->entries[i], endbr64, sizeof(endbr64)))
			return elf_err(e,
				       "program %s: entry %s does not begin with ENDBR64 (rex build emits it, with -fcf-protection=branch)",
				       img->progs[i].name, img->progs[i].entry);
	}
	return 0;
}

static bool rex_str_ok(const char *s, size_t size, bool may_be_empty)
{
	size_t n = strnlen(s, size);

	return n < size && (may_be_empty || n);
}

/* Find a defined function symbol in executable code, and its section. */
static unsigned long rex_elf_func(struct rex_elf *e, const char *name, u16 *shndx)
{
	unsigned int i;

	for (i = 1; i < e->nsyms; i++) {
		const Elf64_Sym *sym = &e->syms[i];

		if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_shndx == SHN_UNDEF ||
		    sym->st_shndx >= e->shnum || !e->addr[sym->st_shndx] ||
		    !(e->shdrs[sym->st_shndx].sh_flags & SHF_EXECINSTR))
			continue;
		if (!strcmp(rex_sym_name(e, sym), name)) {
			if (shndx)
				*shndx = sym->st_shndx;
			return e->addr[sym->st_shndx] + sym->st_value;
		}
	}
	return 0;
}

static int rex_elf_descriptors(struct rex_elf *e)
{
	struct rex_image *img = e->img;
	const Elf64_Shdr *ps = &e->shdrs[e->progs_idx], *ms = &e->shdrs[e->meta_idx];
	const struct rex_meta *meta;
	unsigned int i;

	if (!e->addr[e->progs_idx] || !e->addr[e->meta_idx] ||
	    (e->maps_idx >= 0 && !e->addr[e->maps_idx]))
		return elf_err(e, "descriptor sections must be SHF_ALLOC");
	if (ps->sh_type != SHT_PROGBITS || !ps->sh_size ||
	    ps->sh_size % sizeof(struct rex_prog_desc) ||
	    ps->sh_size / sizeof(struct rex_prog_desc) > REX_MAX_PROGS)
		return elf_err(e, "%s: size %llu is not 1..%u program descriptors",
			       REX_SEC_PROGS, ps->sh_size, REX_MAX_PROGS);
	if (ms->sh_type != SHT_PROGBITS || ms->sh_size != sizeof(*meta))
		return elf_err(e, "%s: size %llu, expected %zu", REX_SEC_META, ms->sh_size,
			       sizeof(*meta));
	if (e->addr[e->progs_idx] % 8 || e->addr[e->meta_idx] % 8)
		return elf_err(e, "descriptor sections must be 8-byte aligned");

	meta = (const struct rex_meta *)e->addr[e->meta_idx];
	if (meta->magic != REX_META_MAGIC || meta->version != REX_IMAGE_VERSION || meta->flags)
		return elf_err(e, "%s: bad magic, version %u or flags", REX_SEC_META, meta->version);
	if (meta->stack_bound != REX_STACK_DYNAMIC && meta->stack_bound > REX_PROG_STACK_BUDGET) {
		rex_log(e->lctx, "stack bound of %u bytes exceeds the budget of %u bytes",
			meta->stack_bound, REX_PROG_STACK_BUDGET);
		return -E2BIG;
	}
	img->meta = meta;

	img->progs = (const struct rex_prog_desc *)e->addr[e->progs_idx];
	img->nr_progs = ps->sh_size / sizeof(struct rex_prog_desc);
	img->entries = kcalloc(img->nr_progs, sizeof(*img->entries), GFP_KERNEL);
	e->entry_shndx = kcalloc(img->nr_progs, sizeof(*e->entry_shndx), GFP_KERNEL);
	if (!img->entries || !e->entry_shndx)
		return -ENOMEM;
	for (i = 0; i < img->nr_progs; i++) {
		const struct rex_prog_desc *d = &img->progs[i];

		if (!rex_str_ok(d->name, sizeof(d->name), false) ||
		    !rex_str_ok(d->entry, sizeof(d->entry), false) ||
		    !rex_str_ok(d->attach_target, sizeof(d->attach_target), true))
			return elf_err(e, "program %u: name, entry or target is not a terminated string", i);
		if (d->reserved || d->flags & ~(REX_PROG_F_DEFAULT_RET | REX_PROG_F_KEEP_RUNNING))
			return elf_err(e, "program %s: unknown flags or reserved bits", d->name);
		img->entries[i] = rex_elf_func(e, d->entry, &e->entry_shndx[i]);
		if (!img->entries[i])
			return elf_err(e, "program %s: entry %s is not a function of the image",
				       d->name, d->entry);
	}

	if (e->maps_idx < 0)
		return 0;
	ms = &e->shdrs[e->maps_idx];
	if (ms->sh_type != SHT_PROGBITS || ms->sh_size % sizeof(struct rex_map_desc) ||
	    ms->sh_size / sizeof(struct rex_map_desc) > REX_MAX_MAPS || e->addr[e->maps_idx] % 8)
		return elf_err(e, "%s: size %llu is not up to %u aligned map descriptors",
			       REX_SEC_MAPS, ms->sh_size, REX_MAX_MAPS);
	img->maps = (struct rex_map_desc *)e->addr[e->maps_idx];
	img->nr_maps = ms->sh_size / sizeof(struct rex_map_desc);
	for (i = 0; i < img->nr_maps; i++) {
		const struct rex_map_desc *m = &img->maps[i];

		if (!rex_str_ok(m->name, sizeof(m->name), false) || m->value_offset || m->kptr)
			return elf_err(e, "map %u: bad name, or a preset pointer or value offset", i);
		if (m->flags & ~REX_MAP_F_ALL || m->reserved)
			return elf_err(e, "map %u (%s): unknown flags %#x or reserved bits",
				       i, m->name, m->flags);
		if (!(m->flags & REX_MAP_F_SPIN_LOCK))
			continue;
		if (m->map_type != BPF_MAP_TYPE_ARRAY && m->map_type != BPF_MAP_TYPE_HASH)
			return elf_err(e,
				       "map %u (%s): only the values of array and hash maps can hold a spin lock",
				       i, m->name);
		if (m->value_size < sizeof(struct bpf_spin_lock))
			return elf_err(e,
				       "map %u (%s): a value of %u bytes cannot hold a spin lock",
				       i, m->name, m->value_size);
	}
	return 0;
}

/*
 * The special fields BTF gives the map's values (bpf_spin_lock, timers,
 * kptrs, ...) must be exactly what the descriptor says: a spin lock at
 * offset 0 when it has REX_MAP_F_SPIN_LOCK, else none. Without the BTF,
 * the kernel's whole-value copies would overwrite a lock word the program
 * holds or waits on; with fields the program does not know of, it would
 * write over them (a kptr, say) as plain bytes.
 */
static int rex_map_check_fields(struct rex_load_ctx *lctx, unsigned int i,
				const struct rex_map_desc *d, const struct bpf_map *m)
{
	const struct btf_record *rec = IS_ERR_OR_NULL(m->record) ? NULL : m->record;
	u32 fields = rec ? rec->field_mask : 0;

	/*
	 * As the verifier refuses tracing programs maps with spin locks: with
	 * BPF_F_LOCK, bpf_map_update_elem() would take the value's lock, in
	 * an NMI perhaps, while the interrupted code holds it.
	 */
	if (fields & BPF_SPIN_LOCK && rex_is_tracing_type(lctx->prog->type)) {
		rex_log(lctx,
			"map %u (%s): tracing programs (type %u) cannot use maps with spin locks",
			i, d->name, lctx->prog->type);
		return -EACCES;
	}
	if (d->flags & REX_MAP_F_SPIN_LOCK) {
		if (fields != BPF_SPIN_LOCK || rec->spin_lock_off != 0) {
			rex_log(lctx,
				"map %u (%s): the image takes a spin lock at offset 0 of its values, but the fd's map has no BTF that puts a struct bpf_spin_lock there (special fields %#x): create it as rex load does",
				i, d->name, fields);
			return -EBADFD;
		}
	} else if (fields) {
		rex_log(lctx,
			"map %u (%s): the fd's map has BTF special fields %#x in its values (a spin lock, timer or kptr), which the image does not declare",
			i, d->name, fields);
		return -EBADFD;
	}
	return 0;
}

/* Maps named by fd_array must match the image's specs exactly. */
static int rex_image_bind_maps(struct rex_load_ctx *lctx, struct rex_image *img)
{
	unsigned int i;
	int err;

	img->bound = kcalloc(img->nr_maps, sizeof(*img->bound), GFP_KERNEL);
	if (img->nr_maps && !img->bound)
		return -ENOMEM;
	for (i = 0; i < img->nr_maps; i++) {
		struct rex_map_desc *d = &img->maps[i];
		struct bpf_map *m = rex_map_from_fd(lctx, i);

		if (IS_ERR(m))
			return PTR_ERR(m);
		img->bound[i] = m;	/* the image keeps this reference */
		if (m->map_type != d->map_type || m->key_size != d->key_size ||
		    m->value_size != d->value_size || m->max_entries != d->max_entries ||
		    m->map_flags != d->map_flags) {
			rex_log(lctx, "map %u (%s): the fd's map has type %u key %u value %u entries %u flags %#x, the image wants %u/%u/%u/%u/%#x",
				i, d->name, m->map_type, m->key_size, m->value_size,
				m->max_entries, m->map_flags, d->map_type, d->key_size,
				d->value_size, d->max_entries, d->map_flags);
			return -EBADFD;
		}
		err = rex_map_check_fields(lctx, i, d, m);
		if (err)
			return err;
		if (m->map_type == BPF_MAP_TYPE_ARRAY) {
			struct bpf_array *array = container_of(m, struct bpf_array, map);

			/* the layout rex_map_desc promises to the program */
			if (WARN_ON_ONCE(array->elem_size != round_up(m->value_size, 8)))
				return -EINVAL;
			WRITE_ONCE(d->value_offset, offsetof(struct bpf_array, value));
		}
		WRITE_ONCE(d->kptr, (u64)(unsigned long)m);
	}
	return 0;
}

static void rex_image_ksyms_add(struct rex_elf *e)
{
	struct rex_image *img = e->img;
	unsigned int i, n = 0;

	for (i = 1; i < e->nsyms; i++)
		if (ELF64_ST_TYPE(e->syms[i].st_info) == STT_FUNC && e->syms[i].st_size &&
		    rex_elf_func(e, rex_sym_name(e, &e->syms[i]), NULL))
			n++;
	img->ksyms = kcalloc(n, sizeof(*img->ksyms), GFP_KERNEL);
	if (!img->ksyms)
		return;		/* symbols are a convenience; the program still runs */
	for (i = 1; i < e->nsyms && img->nr_ksyms < n; i++) {
		const Elf64_Sym *sym = &e->syms[i];
		struct bpf_ksym *k = &img->ksyms[img->nr_ksyms].ksym;
		const char *name = rex_sym_name(e, sym);
		unsigned long start;

		if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_size)
			continue;
		start = rex_elf_func(e, name, NULL);
		if (!start)
			continue;
		k->start = start;
		k->end = start + sym->st_size;
		snprintf(k->name, sizeof(k->name), "rex:%s:%s", img->progs[0].name, name);
		INIT_LIST_HEAD_RCU(&k->lnode);
		bpf_ksym_add(k);
		img->nr_ksyms++;
	}
}

static int rex_image_seal(struct rex_image *img)
{
	unsigned long text = (unsigned long)img->mem;
	int err;

	err = set_memory_rox(text, img->text_size >> PAGE_SHIFT);
	if (!err && img->ro_size)
		err = set_memory_ro(text + img->text_size, img->ro_size >> PAGE_SHIFT);
	return err;
}

void rex_image_free(struct rex_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nr_ksyms; i++)
		bpf_ksym_del(&img->ksyms[i].ksym);
	if (img->nr_ksyms)
		synchronize_rcu();
	for (i = 0; img->bound && i < img->nr_maps; i++)
		if (img->bound[i])
			bpf_map_put(img->bound[i]);
	if (img->mem)
		execmem_free(img->mem);
	kfree(img->ksyms);
	kfree(img->bound);
	kfree(img->imports);
	kfree(img->entries);
	kfree(img);
}

static void rex_image_release(struct kref *ref)
{
	rex_image_free(container_of(ref, struct rex_image, ref));
}

void rex_image_put(struct rex_image *img)
{
	kref_put(&img->ref, rex_image_release);
}

/* Validate, map, relocate, bind and seal @elf (the signed part of an image). */
struct rex_image *rex_image_create(struct rex_load_ctx *lctx, const void *elf, size_t len)
{
	struct rex_elf e = { .lctx = lctx, .buf = elf, .len = len, .ehdr = elf };
	struct rex_image *img;
	int err;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return ERR_PTR(-ENOMEM);
	kref_init(&img->ref);
	INIT_LIST_HEAD(&img->node);
	e.img = img;

	err = rex_elf_check_header(&e);
	if (!err)
		err = rex_elf_check_sections(&e);
	if (!err)
		err = rex_elf_find_tables(&e);
	if (!err)
		err = rex_elf_check_symbols(&e);
	if (!err)
		err = rex_elf_layout(&e);
	if (!err)
		err = rex_elf_map(&e);
	if (!err)
		err = rex_elf_descriptors(&e);
	if (!err)
		err = rex_elf_reach(&e);
	if (!err)
		err = rex_elf_relocate(&e);
	if (!err)
		err = rex_elf_check_entries(&e);
	if (!err && img->meta->stack_bound == REX_STACK_DYNAMIC &&
	    !rex_find_import(img, "rex_stack_exhausted")) {
		rex_log(lctx, "stack bound is dynamic but the code has no stack checks (rex_stack_exhausted)");
		err = -ENOEXEC;
	}
	if (!err)
		err = rex_image_bind_maps(lctx, img);
	if (!err)
		err = rex_image_seal(img);
	if (!err)
		rex_image_ksyms_add(&e);
	kvfree(e.addr);
	kvfree(e.reach);
	kvfree(e.sym_reach);
	kfree(e.entry_shndx);
	if (err) {
		rex_image_free(img);
		return ERR_PTR(err);
	}
	return img;
}
