// SPDX-License-Identifier: GPL-2.0
#include <librex/elf_object.h>

#include <cerrno>
#include <cstring>
#include <elf.h>

namespace rex {

namespace {

Error malformed(std::string why)
{
	return Error(ENOEXEC, "not a valid object file: " + std::move(why));
}

bool fits(std::uint64_t offset, std::uint64_t size, std::uint64_t total)
{
	return offset <= total && size <= total - offset;
}

/* How many bytes a relocation of this type patches. */
std::uint64_t relocation_width(std::uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
	case R_X86_64_GOTOFF64:
	case R_X86_64_GOT64:
	case R_X86_64_GOTPCREL64:
	case R_X86_64_GOTPC64:
	case R_X86_64_GOTPLT64:
	case R_X86_64_PLTOFF64:
	case R_X86_64_DTPMOD64:
	case R_X86_64_DTPOFF64:
	case R_X86_64_TPOFF64:
		return 8;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	default:
		return 4;
	}
}

} // namespace

bool ElfSection::executable() const
{
	return flags & SHF_EXECINSTR;
}

bool ElfSection::allocated() const
{
	return flags & SHF_ALLOC;
}

bool ElfSymbol::undefined() const
{
	return section == SHN_UNDEF;
}

bool ElfSymbol::function() const
{
	return type == STT_FUNC;
}

class ElfObjectParser {
public:
	explicit ElfObjectParser(ElfObject &object) : object_(object), bytes_(object.bytes_) {}

	Result<void> parse()
	{
		REX_TRY(read_header());
		REX_TRY(read_sections());
		REX_TRY(read_symbols());
		REX_TRY(read_relocations());
		return {};
	}

private:
	template <typename T>
	T read_at(std::uint64_t offset) const
	{
		T value;
		std::memcpy(&value, bytes_.data() + offset, sizeof(T));
		return value;
	}

	Result<std::string_view> string_at(const ElfSection &table, std::uint64_t offset) const
	{
		if (table.type != SHT_STRTAB || offset >= table.size)
			return malformed("string offset " + std::to_string(offset) + " outside its string table");
		const char *start = reinterpret_cast<const char *>(bytes_.data() + table.offset + offset);
		std::size_t len = strnlen(start, table.size - offset);
		if (len == table.size - offset)
			return malformed("unterminated string in a string table");
		return std::string_view(start, len);
	}

	Result<void> read_header();
	Result<void> read_sections();
	Result<void> read_symbols();
	Result<void> read_relocations();

	ElfObject &object_;
	std::span<const std::uint8_t> bytes_;
	Elf64_Ehdr header_ = {};
	std::vector<std::uint32_t> name_offsets_;
};

Result<void> ElfObjectParser::read_header()
{
	if (bytes_.size() < sizeof(Elf64_Ehdr))
		return malformed("too small for an ELF header");
	header_ = read_at<Elf64_Ehdr>(0);
	if (std::memcmp(header_.e_ident, ELFMAG, SELFMAG) != 0 || header_.e_ident[EI_CLASS] != ELFCLASS64 ||
	    header_.e_ident[EI_DATA] != ELFDATA2LSB)
		return malformed("not a little-endian ELF64 file");
	if (header_.e_type != ET_REL || header_.e_machine != EM_X86_64)
		return malformed("not an x86-64 relocatable object (ET_REL)");
	if (header_.e_shentsize != sizeof(Elf64_Shdr) || header_.e_shnum == 0 ||
	    !fits(header_.e_shoff, std::uint64_t(header_.e_shnum) * sizeof(Elf64_Shdr), bytes_.size()))
		return malformed("bad section header table");
	if (header_.e_shstrndx >= header_.e_shnum)
		return malformed("bad section name table index");
	return {};
}

Result<void> ElfObjectParser::read_sections()
{
	for (std::size_t i = 0; i < header_.e_shnum; i++) {
		auto raw = read_at<Elf64_Shdr>(header_.e_shoff + i * sizeof(Elf64_Shdr));
		if (raw.sh_type != SHT_NOBITS && raw.sh_type != SHT_NULL && !fits(raw.sh_offset, raw.sh_size, bytes_.size()))
			return malformed("section " + std::to_string(i) + " runs past the end of the file");
		ElfSection section;
		section.index = i;
		section.type = raw.sh_type;
		section.flags = raw.sh_flags;
		section.offset = raw.sh_offset;
		section.size = raw.sh_type == SHT_NOBITS ? 0 : raw.sh_size;
		section.link = raw.sh_link;
		section.info = raw.sh_info;
		section.entsize = raw.sh_entsize;
		object_.sections_.push_back(section);
		name_offsets_.push_back(raw.sh_name); /* read once all sections are known */
	}
	const ElfSection &names = object_.sections_[header_.e_shstrndx];
	for (std::size_t i = 0; i < object_.sections_.size(); i++)
		object_.sections_[i].name = REX_TRY(string_at(names, name_offsets_[i]));
	return {};
}

Result<void> ElfObjectParser::read_symbols()
{
	const ElfSection *symtab = nullptr;
	for (const ElfSection &section : object_.sections_)
		if (section.type == SHT_SYMTAB)
			symtab = &section;
	if (!symtab)
		return malformed("no symbol table");
	if (symtab->entsize != sizeof(Elf64_Sym) || symtab->size % sizeof(Elf64_Sym) != 0 ||
	    symtab->link >= object_.sections_.size())
		return malformed("bad symbol table");
	const ElfSection &strtab = object_.sections_[symtab->link];

	std::size_t count = symtab->size / sizeof(Elf64_Sym);
	for (std::size_t i = 0; i < count; i++) {
		auto raw = read_at<Elf64_Sym>(symtab->offset + i * sizeof(Elf64_Sym));
		ElfSymbol symbol;
		symbol.index = i;
		symbol.name = REX_TRY(string_at(strtab, raw.st_name));
		symbol.type = ELF64_ST_TYPE(raw.st_info);
		symbol.bind = ELF64_ST_BIND(raw.st_info);
		symbol.section = raw.st_shndx;
		symbol.value = raw.st_value;
		symbol.size = raw.st_size;
		if (symbol.section != SHN_UNDEF && symbol.section < SHN_LORESERVE &&
		    symbol.section >= object_.sections_.size())
			return malformed("symbol " + std::to_string(i) + " in a section that does not exist");
		/* A section symbol is named by its section. */
		if (symbol.type == STT_SECTION && symbol.section < object_.sections_.size())
			symbol.name = object_.sections_[symbol.section].name;
		object_.symbols_.push_back(symbol);
	}
	return {};
}

Result<void> ElfObjectParser::read_relocations()
{
	object_.relocations_.resize(object_.sections_.size());
	for (const ElfSection &section : object_.sections_) {
		if (section.type == SHT_REL)
			return malformed("SHT_REL section " + std::string(section.name) + ": x86-64 uses SHT_RELA");
		if (section.type != SHT_RELA)
			continue;
		if (section.entsize != sizeof(Elf64_Rela) || section.size % sizeof(Elf64_Rela) != 0 ||
		    section.info >= object_.sections_.size())
			return malformed("bad relocation section " + std::string(section.name));
		const ElfSection &target = object_.sections_[section.info];
		std::size_t count = section.size / sizeof(Elf64_Rela);
		for (std::size_t i = 0; i < count; i++) {
			auto raw = read_at<Elf64_Rela>(section.offset + i * sizeof(Elf64_Rela));
			ElfRelocation rel;
			rel.offset = raw.r_offset;
			rel.type = ELF64_R_TYPE(raw.r_info);
			rel.symbol = ELF64_R_SYM(raw.r_info);
			rel.addend = raw.r_addend;
			if (rel.symbol >= object_.symbols_.size())
				return malformed("relocation in " + std::string(section.name) + " names symbol " +
						 std::to_string(rel.symbol) + ", which does not exist");
			if (!fits(rel.offset, relocation_width(rel.type), target.size))
				return malformed("relocation in " + std::string(section.name) + " at offset " +
						 std::to_string(rel.offset) + " is outside " + std::string(target.name));
			object_.relocations_[section.info].push_back(rel);
		}
	}
	return {};
}

Result<ElfObject> ElfObject::parse(std::span<const std::uint8_t> bytes)
{
	ElfObject object;
	object.bytes_ = bytes;
	ElfObjectParser parser(object);
	REX_TRY(parser.parse());
	return object;
}

std::span<const std::uint8_t> ElfObject::contents(const ElfSection &section) const
{
	return bytes_.subspan(section.offset, section.size);
}

const ElfSection *ElfObject::find_section(std::string_view name) const
{
	for (const ElfSection &section : sections_)
		if (section.name == name)
			return &section;
	return nullptr;
}

std::span<const ElfRelocation> ElfObject::relocations_for(std::size_t target) const
{
	if (target >= relocations_.size())
		return {};
	return relocations_[target];
}

const ElfSymbol *ElfObject::symbol_covering(std::size_t section, std::uint64_t offset) const
{
	for (const ElfSymbol &symbol : symbols_) {
		if (symbol.section != section || (symbol.type != STT_FUNC && symbol.type != STT_OBJECT))
			continue;
		if (offset >= symbol.value && (offset - symbol.value < symbol.size || offset == symbol.value))
			return &symbol;
	}
	return nullptr;
}

std::string ElfObject::relocation_type_name(std::uint32_t type)
{
	switch (type) {
	case R_X86_64_NONE: return "R_X86_64_NONE";
	case R_X86_64_64: return "R_X86_64_64";
	case R_X86_64_PC32: return "R_X86_64_PC32";
	case R_X86_64_GOT32: return "R_X86_64_GOT32";
	case R_X86_64_PLT32: return "R_X86_64_PLT32";
	case R_X86_64_GOTPCREL: return "R_X86_64_GOTPCREL";
	case R_X86_64_32: return "R_X86_64_32";
	case R_X86_64_32S: return "R_X86_64_32S";
	case R_X86_64_16: return "R_X86_64_16";
	case R_X86_64_PC16: return "R_X86_64_PC16";
	case R_X86_64_8: return "R_X86_64_8";
	case R_X86_64_PC8: return "R_X86_64_PC8";
	case R_X86_64_DTPMOD64: return "R_X86_64_DTPMOD64";
	case R_X86_64_DTPOFF64: return "R_X86_64_DTPOFF64";
	case R_X86_64_TPOFF64: return "R_X86_64_TPOFF64";
	case R_X86_64_TLSGD: return "R_X86_64_TLSGD";
	case R_X86_64_TLSLD: return "R_X86_64_TLSLD";
	case R_X86_64_DTPOFF32: return "R_X86_64_DTPOFF32";
	case R_X86_64_GOTTPOFF: return "R_X86_64_GOTTPOFF";
	case R_X86_64_TPOFF32: return "R_X86_64_TPOFF32";
	case R_X86_64_PC64: return "R_X86_64_PC64";
	case R_X86_64_GOTOFF64: return "R_X86_64_GOTOFF64";
	case R_X86_64_GOTPC32: return "R_X86_64_GOTPC32";
	case R_X86_64_GOT64: return "R_X86_64_GOT64";
	case R_X86_64_GOTPCREL64: return "R_X86_64_GOTPCREL64";
	case R_X86_64_GOTPC64: return "R_X86_64_GOTPC64";
	case R_X86_64_GOTPLT64: return "R_X86_64_GOTPLT64";
	case R_X86_64_PLTOFF64: return "R_X86_64_PLTOFF64";
	case R_X86_64_GOTPCRELX: return "R_X86_64_GOTPCRELX";
	case R_X86_64_REX_GOTPCRELX: return "R_X86_64_REX_GOTPCRELX";
	default: return "relocation type " + std::to_string(type);
	}
}

} // namespace rex
