/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A read-only view of an ELF64 x86-64 relocatable object, at the level of
 * sections, symbols and relocations: what `rex build` needs to check what
 * clang produced and to compute the stack bound.  (image.h reads the
 * decoded Rex descriptors instead.)
 *
 * The view refers to the caller's bytes, which must outlive it.  parse()
 * checks every offset and size it later relies on, so the accessors cannot
 * read out of bounds.
 */

#include <librex/result.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

struct ElfSection {
	std::size_t index = 0;
	std::string_view name;
	std::uint32_t type = 0;  /* SHT_* */
	std::uint64_t flags = 0; /* SHF_* */
	std::uint64_t offset = 0; /* in the file */
	std::uint64_t size = 0;
	std::uint32_t link = 0;
	std::uint32_t info = 0;
	std::uint64_t entsize = 0;

	bool executable() const;
	bool allocated() const;
};

struct ElfSymbol {
	std::size_t index = 0;
	std::string_view name;
	std::uint8_t type = 0; /* STT_* */
	std::uint8_t bind = 0; /* STB_* */
	std::uint16_t section = 0; /* SHN_UNDEF for an import */
	std::uint64_t value = 0;   /* offset in its section */
	std::uint64_t size = 0;

	bool undefined() const;
	bool function() const;
};

struct ElfRelocation {
	std::uint64_t offset = 0; /* in the section it applies to */
	std::uint32_t type = 0;   /* R_X86_64_* */
	std::uint32_t symbol = 0; /* index into symbols() */
	std::int64_t addend = 0;
};

class ElfObject {
public:
	/* ENOEXEC with the reason if bytes are not a well-formed x86-64 ET_REL. */
	static Result<ElfObject> parse(std::span<const std::uint8_t> bytes);

	const std::vector<ElfSection> &sections() const { return sections_; }
	/* Index 0 is the null symbol. */
	const std::vector<ElfSymbol> &symbols() const { return symbols_; }

	std::span<const std::uint8_t> contents(const ElfSection &section) const;
	const ElfSection *find_section(std::string_view name) const;

	/* The relocations that apply to section target (from its SHT_RELA). */
	std::span<const ElfRelocation> relocations_for(std::size_t target) const;

	/*
	 * The defined function or object symbol whose [value, value + size)
	 * holds offset in section; nullptr if none does.
	 */
	const ElfSymbol *symbol_covering(std::size_t section, std::uint64_t offset) const;

	/* "R_X86_64_PLT32", or "type N" for one this reader does not name. */
	static std::string relocation_type_name(std::uint32_t type);

private:
	ElfObject() = default;

	std::span<const std::uint8_t> bytes_;
	std::vector<ElfSection> sections_;
	std::vector<ElfSymbol> symbols_;
	/* Indexed by target section. */
	std::vector<std::vector<ElfRelocation>> relocations_;

	friend class ElfObjectParser;
};

} // namespace rex
