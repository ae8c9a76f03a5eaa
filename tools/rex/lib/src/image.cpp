// SPDX-License-Identifier: GPL-2.0
#include <librex/image.h>

#include <librex/file_io.h>

#include <linux/bpf.h>
#include <linux/rex.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <elf.h>
#include <map>
#include <set>

namespace rex {

namespace {

static_assert(sizeof(rex_prog_desc) == 168, "struct rex_prog_desc changed: update the tools and the docs");
static_assert(sizeof(rex_map_desc) == 56, "struct rex_map_desc changed: update the tools and the docs");
static_assert(sizeof(rex_meta) == 80, "struct rex_meta changed: update the tools and the docs");

Error malformed(std::string why)
{
	return Error(ENOEXEC, std::move(why));
}

std::string num(std::uint64_t n)
{
	return std::to_string(n);
}

std::string hex(std::uint64_t n)
{
	char text[24];
	std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(n));
	return text;
}

/* A fixed char array that must hold a NUL-terminated string. */
template <std::size_t N>
Result<std::string> c_string(const char (&field)[N], std::string_view what)
{
	std::size_t len = strnlen(field, N);
	if (len == N)
		return malformed(std::string(what) + " is not NUL-terminated within " + num(N) + " bytes");
	return std::string(field, len);
}

/* Does [offset, offset + size) fit into total bytes, without overflow? */
bool fits(std::uint64_t offset, std::uint64_t size, std::uint64_t total)
{
	return offset <= total && size <= total - offset;
}

} // namespace

/* One pass over the ELF; fills in an Image or stops at the first problem. */
class ImageParser {
public:
	explicit ImageParser(Bytes elf) : elf_(elf) {}

	Result<void> parse(Image &image)
	{
		REX_TRY(check_header());
		REX_TRY(read_section_headers());
		REX_TRY(read_symbols(image));
		REX_TRY(read_programs(image));
		REX_TRY(read_maps(image));
		REX_TRY(read_meta(image));
		return {};
	}

private:
	Result<void> check_header();
	Result<void> read_section_headers();
	Result<std::string_view> string_at(const Elf64_Shdr &strtab, std::uint64_t offset, std::string_view what);
	Result<const Elf64_Shdr *> find_section(std::string_view name, bool required);
	Result<void> read_symbols(Image &image);
	Result<void> read_programs(Image &image);
	Result<void> read_maps(Image &image);
	Result<void> read_meta(Image &image);
	bool starts_with_endbr64(std::size_t section, std::uint64_t offset) const;

	template <typename T>
	T read_at(std::uint64_t offset) const
	{
		T value;
		std::memcpy(&value, elf_.data() + offset, sizeof(T));
		return value;
	}

	Bytes elf_;
	Elf64_Ehdr header_ = {};
	std::vector<Elf64_Shdr> sections_;
	std::vector<std::string_view> section_names_;
	/* name -> its section and offset */
	std::map<std::string, std::pair<std::size_t, std::uint64_t>, std::less<>> defined_functions_;
};

Result<void> ImageParser::check_header()
{
	if (elf_.size() < sizeof(Elf64_Ehdr))
		return malformed("ELF header: the image is " + num(elf_.size()) + " bytes, too small for an ELF header (" +
				 num(sizeof(Elf64_Ehdr)) + ")");
	header_ = read_at<Elf64_Ehdr>(0);
	const unsigned char *ident = header_.e_ident;

	if (std::memcmp(ident, ELFMAG, SELFMAG) != 0)
		return malformed("ELF header: bad magic, not an ELF file");
	if (ident[EI_CLASS] != ELFCLASS64)
		return malformed("ELF header: class is " + num(ident[EI_CLASS]) + ", expected 2 (ELFCLASS64)");
	if (ident[EI_DATA] != ELFDATA2LSB)
		return malformed("ELF header: data encoding is " + num(ident[EI_DATA]) +
				 ", expected 1 (ELFDATA2LSB, little-endian)");
	if (ident[EI_VERSION] != EV_CURRENT || header_.e_version != EV_CURRENT)
		return malformed("ELF header: version is not 1 (EV_CURRENT)");
	if (header_.e_type != ET_REL)
		return malformed("ELF header: type is " + num(header_.e_type) +
				 ", expected 1 (ET_REL, a relocatable object from clang -c)");
	if (header_.e_machine != EM_X86_64)
		return malformed("ELF header: machine is " + num(header_.e_machine) + ", expected 62 (EM_X86_64)");
	if (header_.e_ehsize != sizeof(Elf64_Ehdr))
		return malformed("ELF header: e_ehsize is " + num(header_.e_ehsize) + ", expected 64");
	if (header_.e_shentsize != sizeof(Elf64_Shdr))
		return malformed("ELF header: section header size is " + num(header_.e_shentsize) + ", expected 64");
	if (header_.e_shnum == 0)
		return malformed(header_.e_shoff ? "ELF header: extended section numbering is not supported"
						 : "ELF header: no section header table");
	if (!fits(header_.e_shoff, std::uint64_t(header_.e_shnum) * sizeof(Elf64_Shdr), elf_.size()))
		return malformed("ELF header: section header table (offset " + num(header_.e_shoff) + ", " +
				 num(header_.e_shnum) + " entries) runs past the end of the ELF (" +
				 num(elf_.size()) + " bytes)");
	if (header_.e_shstrndx == SHN_UNDEF || header_.e_shstrndx >= header_.e_shnum)
		return malformed("ELF header: section name table index " + num(header_.e_shstrndx) +
				 " is out of range (" + num(header_.e_shnum) + " sections)");
	return {};
}

Result<std::string_view> ImageParser::string_at(const Elf64_Shdr &strtab, std::uint64_t offset,
						std::string_view what)
{
	if (offset >= strtab.sh_size)
		return malformed(std::string(what) + ": name offset " + num(offset) + " is outside its string table");
	const char *start = reinterpret_cast<const char *>(elf_.data() + strtab.sh_offset + offset);
	std::size_t len = strnlen(start, strtab.sh_size - offset);
	if (len == strtab.sh_size - offset)
		return malformed(std::string(what) + ": name is not NUL-terminated within its string table");
	return std::string_view(start, len);
}

Result<void> ImageParser::read_section_headers()
{
	for (std::size_t i = 0; i < header_.e_shnum; i++) {
		Elf64_Shdr section = read_at<Elf64_Shdr>(header_.e_shoff + i * sizeof(Elf64_Shdr));
		if (section.sh_type != SHT_NOBITS && section.sh_type != SHT_NULL &&
		    !fits(section.sh_offset, section.sh_size, elf_.size()))
			return malformed("section header " + num(i) + ": contents (offset " + num(section.sh_offset) +
					 ", size " + num(section.sh_size) + ") run past the end of the ELF (" +
					 num(elf_.size()) + " bytes)");
		sections_.push_back(section);
	}

	const Elf64_Shdr &names = sections_[header_.e_shstrndx];
	if (names.sh_type != SHT_STRTAB)
		return malformed("section header " + num(header_.e_shstrndx) +
				 ": the section name table is not SHT_STRTAB");
	for (std::size_t i = 0; i < sections_.size(); i++)
		section_names_.push_back(REX_TRY(string_at(names, sections_[i].sh_name, "section header " + num(i))));
	return {};
}

Result<const Elf64_Shdr *> ImageParser::find_section(std::string_view name, bool required)
{
	const Elf64_Shdr *found = nullptr;
	for (std::size_t i = 0; i < sections_.size(); i++) {
		if (section_names_[i] != name)
			continue;
		if (found)
			return malformed("two sections named " + std::string(name));
		found = &sections_[i];
	}
	if (!found) {
		if (required)
			return malformed("no " + std::string(name) + " section (not built by rex build?)");
		return found;
	}
	if (found->sh_type != SHT_PROGBITS)
		return malformed(std::string(name) + ": section type is " + num(found->sh_type) +
				 ", expected SHT_PROGBITS");
	return found;
}

Result<void> ImageParser::read_symbols(Image &image)
{
	const Elf64_Shdr *symtab = nullptr;
	for (const Elf64_Shdr &section : sections_) {
		if (section.sh_type != SHT_SYMTAB)
			continue;
		if (symtab)
			return malformed("more than one symbol table");
		symtab = &section;
	}
	if (!symtab)
		return malformed("no symbol table (.symtab)");
	if (symtab->sh_entsize != sizeof(Elf64_Sym) || symtab->sh_size % sizeof(Elf64_Sym) != 0)
		return malformed(".symtab: entry size " + num(symtab->sh_entsize) + " or size " +
				 num(symtab->sh_size) + " does not fit Elf64_Sym (24 bytes)");
	if (symtab->sh_link == SHN_UNDEF || symtab->sh_link >= sections_.size() ||
	    sections_[symtab->sh_link].sh_type != SHT_STRTAB)
		return malformed(".symtab: sh_link " + num(symtab->sh_link) + " is not a string table");
	const Elf64_Shdr &strtab = sections_[symtab->sh_link];

	std::set<std::string> imports;
	std::size_t count = symtab->sh_size / sizeof(Elf64_Sym);
	for (std::size_t i = 1; i < count; i++) {
		Elf64_Sym sym = read_at<Elf64_Sym>(symtab->sh_offset + i * sizeof(Elf64_Sym));
		std::string_view name = REX_TRY(string_at(strtab, sym.st_name, "symbol " + num(i)));
		unsigned char bind = ELF64_ST_BIND(sym.st_info);
		if (sym.st_shndx == SHN_UNDEF) {
			/* Returns jump to the return thunk, which the kernel patches: not an import. */
			if (!name.empty() && (bind == STB_GLOBAL || bind == STB_WEAK) && name != return_thunk_symbol)
				imports.emplace(name);
		} else if (ELF64_ST_TYPE(sym.st_info) == STT_FUNC) {
			defined_functions_.emplace(name, std::pair{std::size_t(sym.st_shndx), sym.st_value});
		}
	}
	image.imports_.assign(imports.begin(), imports.end());
	return {};
}

/* The dispatcher calls entries indirectly: under IBT they must start with ENDBR64 (f3 0f 1e fa). */
bool ImageParser::starts_with_endbr64(std::size_t section, std::uint64_t offset) const
{
	static constexpr std::uint8_t endbr64[] = {0xf3, 0x0f, 0x1e, 0xfa};
	if (section >= sections_.size() || sections_[section].sh_type != SHT_PROGBITS ||
	    offset > sections_[section].sh_size || sections_[section].sh_size - offset < sizeof(endbr64))
		return false;
	return std::memcmp(elf_.data() + sections_[section].sh_offset + offset, endbr64, sizeof(endbr64)) == 0;
}

Result<void> ImageParser::read_programs(Image &image)
{
	const Elf64_Shdr *section = REX_TRY(find_section(REX_SEC_PROGS, true));
	if (section->sh_size == 0 || section->sh_size % sizeof(rex_prog_desc) != 0)
		return malformed(REX_SEC_PROGS ": size " + num(section->sh_size) +
				 " is not a non-zero multiple of struct rex_prog_desc (" +
				 num(sizeof(rex_prog_desc)) + " bytes)");

	std::size_t count = section->sh_size / sizeof(rex_prog_desc);
	for (std::size_t i = 0; i < count; i++) {
		rex_prog_desc raw = read_at<rex_prog_desc>(section->sh_offset + i * sizeof(rex_prog_desc));
		std::string where = REX_SEC_PROGS "[" + num(i) + "]";

		ProgramDesc prog;
		prog.name = REX_TRY(c_string(raw.name, where + ".name"));
		if (prog.name.empty())
			return malformed(where + ": empty name");
		where += " '" + prog.name + "'";
		prog.entry = REX_TRY(c_string(raw.entry, where + ": entry"));
		prog.attach_target = REX_TRY(c_string(raw.attach_target, where + ": attach_target"));
		prog.prog_type = raw.prog_type;
		prog.expected_attach_type = raw.expected_attach_type;
		if (raw.flags & ~std::uint32_t(REX_PROG_F_DEFAULT_RET | REX_PROG_F_KEEP_RUNNING))
			return malformed(where + ": unknown flags " + num(raw.flags));
		if (raw.reserved != 0)
			return malformed(where + ": reserved field is not 0");
		if (raw.flags & REX_PROG_F_DEFAULT_RET)
			prog.default_ret = raw.default_ret;
		prog.keep_running = raw.flags & REX_PROG_F_KEEP_RUNNING;

		auto entry = defined_functions_.find(prog.entry);
		if (entry == defined_functions_.end())
			return malformed(where + ": entry '" + prog.entry + "' is not a function defined in the image");
		if (!starts_with_endbr64(entry->second.first, entry->second.second))
			return malformed(where + ": entry '" + prog.entry +
					 "' does not begin with ENDBR64, which the kernel requires (rex build emits it, "
					 "with -fcf-protection=branch)");
		if (image.find_program(prog.name))
			return malformed(where + ": two programs with this name");
		image.programs_.push_back(std::move(prog));
	}
	return {};
}

Result<void> ImageParser::read_maps(Image &image)
{
	const Elf64_Shdr *section = REX_TRY(find_section(REX_SEC_MAPS, false));
	if (!section)
		return {};
	if (section->sh_size % sizeof(rex_map_desc) != 0)
		return malformed(REX_SEC_MAPS ": size " + num(section->sh_size) +
				 " is not a multiple of struct rex_map_desc (" + num(sizeof(rex_map_desc)) +
				 " bytes)");

	std::size_t count = section->sh_size / sizeof(rex_map_desc);
	for (std::size_t i = 0; i < count; i++) {
		rex_map_desc raw = read_at<rex_map_desc>(section->sh_offset + i * sizeof(rex_map_desc));
		std::string where = REX_SEC_MAPS "[" + num(i) + "]";

		MapDesc map;
		map.name = REX_TRY(c_string(raw.name, where + ".name"));
		if (map.name.empty())
			return malformed(where + ": empty name");
		where += " '" + map.name + "'";
		if (raw.value_offset != 0 || raw.kptr != 0)
			return malformed(where + ": value_offset and kptr must be 0 in the image (the kernel sets them)");
		map.map_type = raw.map_type;
		map.key_size = raw.key_size;
		map.value_size = raw.value_size;
		map.max_entries = raw.max_entries;
		map.map_flags = raw.map_flags;
		if ((raw.flags & ~REX_MAP_F_ALL) != 0 || raw.reserved != 0)
			return malformed(where + ": unknown flags " + hex(raw.flags) + " or reserved bits");
		map.spin_lock = (raw.flags & REX_MAP_F_SPIN_LOCK) != 0;
		if (map.spin_lock && map.map_type != BPF_MAP_TYPE_ARRAY && map.map_type != BPF_MAP_TYPE_HASH)
			return malformed(where + ": only the values of array and hash maps can hold a spin lock");
		if (map.spin_lock && map.value_size < sizeof(bpf_spin_lock))
			return malformed(where + ": a value of " + num(map.value_size) + " bytes cannot hold a spin lock");

		for (const MapDesc &other : image.maps_)
			if (other.name == map.name)
				return malformed(where + ": two maps with this name");
		image.maps_.push_back(std::move(map));
	}
	return {};
}

Result<void> ImageParser::read_meta(Image &image)
{
	const Elf64_Shdr *section = REX_TRY(find_section(REX_SEC_META, true));
	if (section->sh_size != sizeof(rex_meta))
		return malformed(REX_SEC_META ": size " + num(section->sh_size) + ", expected " +
				 num(sizeof(rex_meta)) + " (one struct rex_meta)");

	rex_meta raw = read_at<rex_meta>(section->sh_offset);
	if (raw.magic != REX_META_MAGIC)
		return malformed(REX_SEC_META ": bad magic " + num(raw.magic) + ", expected REX_META_MAGIC");
	if (raw.version != REX_IMAGE_VERSION)
		return malformed(REX_SEC_META ": image format version " + num(raw.version) + ", this rex reads " +
				 num(REX_IMAGE_VERSION));
	if (raw.flags != 0)
		return malformed(REX_SEC_META ": flags must be 0");

	ImageMeta &meta = image.meta_;
	meta.version = raw.version;
	if (raw.stack_bound != REX_STACK_DYNAMIC)
		meta.stack_bound = raw.stack_bound;
	/* Informational: a full 32-byte name without NUL is accepted. */
	meta.toolchain.assign(raw.toolchain, strnlen(raw.toolchain, sizeof(raw.toolchain)));
	std::copy(std::begin(raw.source_digest), std::end(raw.source_digest), meta.source_digest.begin());
	return {};
}

Result<Image> Image::parse(std::vector<std::uint8_t> file)
{
	Image image;
	image.file_ = std::move(file);

	SplitImage split = REX_TRY(split_signature(image.file_));
	image.content_size_ = split.content.size();
	image.signature_size_ = split.signature ? split.signature->size() : 0;

	ImageParser parser(split.content);
	REX_TRY(parser.parse(image));
	return image;
}

Result<Image> Image::open(const std::string &path)
{
	std::vector<std::uint8_t> bytes = REX_TRY(read_file(path));
	Result<Image> image = parse(std::move(bytes));
	if (!image)
		return Error(image.error().code(), path + ": " + image.error().message());
	return image;
}

std::optional<std::size_t> Image::find_program(std::string_view name) const
{
	for (std::size_t i = 0; i < programs_.size(); i++)
		if (programs_[i].name == name)
			return i;
	return std::nullopt;
}

} // namespace rex
