// SPDX-License-Identifier: GPL-2.0
/* The image metadata rex build writes: struct rex_meta in .rex.meta. */
#include <librex/build.h>

#include <librex/elf_object.h>

#include <linux/rex.h>

#include <cerrno>
#include <cstring>

namespace rex {

std::string toolchain_string(std::string_view tools_version, std::string_view clang_version)
{
	std::string text = "rex " + std::string(tools_version) + " clang " + std::string(clang_version);
	text.resize(std::min(text.size(), sizeof(rex_meta::toolchain) - 1));
	return text;
}

Result<void> fill_image_meta(std::span<std::uint8_t> object, std::uint32_t stack_bound, std::string_view toolchain,
			     const Sha256Digest &source_digest)
{
	ElfObject elf = REX_TRY(ElfObject::parse(object));
	const ElfSection *section = elf.find_section(REX_SEC_META);
	if (!section)
		return Error(ENOEXEC, "no " REX_SEC_META " section: include <rex/rex.hpp> and declare a program "
				      "with REX_PROGRAM");
	if (section->size != sizeof(rex_meta) || !elf.relocations_for(section->index).empty())
		return Error(ENOEXEC, REX_SEC_META " must hold exactly one struct rex_meta, the one "
				      "<rex/program.hpp> defines");

	rex_meta meta;
	std::memcpy(&meta, object.data() + section->offset, sizeof(meta));
	if (meta.magic != REX_META_MAGIC || meta.version != REX_IMAGE_VERSION)
		return Error(ENOEXEC, REX_SEC_META " has magic " + std::to_string(meta.magic) + " version " +
					      std::to_string(meta.version) + ": not from this support layer");

	meta.stack_bound = stack_bound;
	std::memset(meta.toolchain, 0, sizeof(meta.toolchain));
	std::memcpy(meta.toolchain, toolchain.data(), std::min(toolchain.size(), sizeof(meta.toolchain) - 1));
	std::memcpy(meta.source_digest, source_digest.data(), sizeof(meta.source_digest));
	std::memcpy(object.data() + section->offset, &meta, sizeof(meta));
	return {};
}

} // namespace rex
