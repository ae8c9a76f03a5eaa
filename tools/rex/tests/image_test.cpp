// SPDX-License-Identifier: GPL-2.0
#include <librex/image.h>

#include "test_data.h"

#include <gtest/gtest.h>

#include <linux/bpf.h>
#include <linux/rex.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <elf.h>
#include <functional>
#include <set>

namespace rex {
namespace {

using testing::read_bytes;
using testing::test_image_path;

std::vector<std::uint8_t> sample_bytes()
{
	return read_bytes(test_image_path("sample_image"));
}

TEST(Image, DecodesSamplePrograms)
{
	Result<Image> image = Image::parse(sample_bytes());
	ASSERT_TRUE(image) << image.error().message();
	const std::vector<ProgramDesc> &progs = image.value().programs();
	ASSERT_EQ(progs.size(), 2u);

	EXPECT_EQ(progs[0].name, "count_open");
	EXPECT_EQ(progs[0].entry, "count_open");
	EXPECT_EQ(progs[0].attach_target, "do_sys_openat2");
	EXPECT_EQ(progs[0].prog_type, static_cast<std::uint32_t>(BPF_PROG_TYPE_KPROBE));
	EXPECT_EQ(progs[0].expected_attach_type, 0u);
	EXPECT_EQ(progs[0].default_ret, std::optional<std::int64_t>(-7));
	EXPECT_FALSE(progs[0].keep_running);

	EXPECT_EQ(progs[1].name, "xdp_pass");
	EXPECT_EQ(progs[1].entry, "xdp_entry");
	EXPECT_EQ(progs[1].attach_target, "");
	EXPECT_EQ(progs[1].prog_type, static_cast<std::uint32_t>(BPF_PROG_TYPE_XDP));
	EXPECT_EQ(progs[1].default_ret, std::nullopt);
	EXPECT_TRUE(progs[1].keep_running);
}

TEST(Image, DecodesSampleMapsInSectionOrder)
{
	Result<Image> image = Image::parse(sample_bytes());
	ASSERT_TRUE(image) << image.error().message();
	const std::vector<MapDesc> &maps = image.value().maps();
	ASSERT_EQ(maps.size(), 2u);

	EXPECT_EQ(maps[0].name, "counts");
	EXPECT_EQ(maps[0].map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_HASH));
	EXPECT_EQ(maps[0].key_size, 4u);
	EXPECT_EQ(maps[0].value_size, 8u);
	EXPECT_EQ(maps[0].max_entries, 1024u);
	EXPECT_EQ(maps[0].map_flags, static_cast<std::uint32_t>(BPF_F_NO_PREALLOC));

	EXPECT_EQ(maps[1].name, "events");
	EXPECT_EQ(maps[1].map_type, static_cast<std::uint32_t>(BPF_MAP_TYPE_RINGBUF));
	EXPECT_EQ(maps[1].key_size, 0u);
	EXPECT_EQ(maps[1].value_size, 0u);
	EXPECT_EQ(maps[1].max_entries, 4096u);
	EXPECT_EQ(maps[1].map_flags, 0u);
	EXPECT_FALSE(maps[0].spin_lock);
	EXPECT_FALSE(maps[1].spin_lock);
}

TEST(Image, ImportsAreTheUndefinedSymbolsSorted)
{
	Result<Image> image = Image::parse(sample_bytes());
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_EQ(image.value().imports(),
		  (std::vector<std::string>{"bpf_map_lookup_elem", "bpf_trace_printk", "rex_panic"}));
}

TEST(Image, DecodesMeta)
{
	Result<Image> image = Image::parse(sample_bytes());
	ASSERT_TRUE(image) << image.error().message();
	const ImageMeta &meta = image.value().meta();
	EXPECT_EQ(meta.version, static_cast<std::uint32_t>(REX_IMAGE_VERSION));
	EXPECT_EQ(meta.stack_bound, std::optional<std::uint32_t>(512));
	EXPECT_EQ(meta.toolchain, "rex-test clang 19");
	EXPECT_EQ(meta.source_digest[0], 0x00);
	EXPECT_EQ(meta.source_digest[30], 0x1e);
	EXPECT_EQ(meta.source_digest[31], 0xff);
}

TEST(Image, UnsignedImageIsAllContent)
{
	std::vector<std::uint8_t> bytes = sample_bytes();
	Result<Image> image = Image::parse(bytes);
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_FALSE(image.value().is_signed());
	EXPECT_TRUE(image.value().signature().empty());
	EXPECT_EQ(image.value().signed_content().size(), bytes.size());
	EXPECT_EQ(image.value().file().size(), bytes.size());
}

TEST(Image, MinimalImageHasNoMapsNoImportsAndDynamicStack)
{
	Result<Image> image = Image::open(test_image_path("minimal_image"));
	ASSERT_TRUE(image) << image.error().message();
	ASSERT_EQ(image.value().programs().size(), 1u);
	EXPECT_EQ(image.value().programs()[0].attach_target, "syscalls/sys_enter_openat");
	EXPECT_TRUE(image.value().maps().empty());
	EXPECT_TRUE(image.value().imports().empty());
	EXPECT_EQ(image.value().meta().stack_bound, std::nullopt);
}

TEST(Image, FindProgramByName)
{
	Result<Image> image = Image::parse(sample_bytes());
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_EQ(image.value().find_program("xdp_pass"), std::optional<std::size_t>(1));
	EXPECT_EQ(image.value().find_program("xdp"), std::nullopt);
}

TEST(Image, OpenNamesThePathInErrors)
{
	Result<Image> image = Image::open("/nonexistent/x.rex");
	ASSERT_FALSE(image);
	EXPECT_EQ(image.error().code(), ENOENT);
	EXPECT_NE(image.error().message().find("/nonexistent/x.rex"), std::string::npos);

	Result<Image> not_elf = Image::open("/proc/self/cmdline");
	ASSERT_FALSE(not_elf);
	EXPECT_EQ(not_elf.error().message().rfind("/proc/self/cmdline: ", 0), 0u) << not_elf.error().message();
}

/* Field-level surgery on a copy of the sample image. */
class ElfEditor {
public:
	explicit ElfEditor(std::vector<std::uint8_t> &bytes) : bytes_(bytes) {}

	Elf64_Ehdr header() const { return get<Elf64_Ehdr>(0); }
	void set_header(const Elf64_Ehdr &header) { put(0, header); }

	Elf64_Shdr section(std::size_t i) const { return get<Elf64_Shdr>(header().e_shoff + i * sizeof(Elf64_Shdr)); }
	void set_section(std::size_t i, const Elf64_Shdr &shdr)
	{
		put(header().e_shoff + i * sizeof(Elf64_Shdr), shdr);
	}

	std::size_t section_index(std::string_view name) const
	{
		Elf64_Shdr names = section(header().e_shstrndx);
		for (std::size_t i = 0; i < header().e_shnum; i++) {
			const char *at = reinterpret_cast<const char *>(bytes_.data() + names.sh_offset + section(i).sh_name);
			if (name == at)
				return i;
		}
		ADD_FAILURE() << "no section " << name;
		return 0;
	}

	/* Renames a section in place; the new name must be as long. */
	void rename_section(std::string_view from, std::string_view to)
	{
		ASSERT_EQ(from.size(), to.size());
		Elf64_Shdr names = section(header().e_shstrndx);
		std::size_t at = names.sh_offset + section(section_index(from)).sh_name;
		std::memcpy(bytes_.data() + at, to.data(), to.size());
	}

	/* The file offset of a section's contents. */
	std::size_t contents(std::string_view name) const { return section(section_index(name)).sh_offset; }

	template <typename T>
	T get(std::size_t offset) const
	{
		T value;
		std::memcpy(&value, bytes_.data() + offset, sizeof(T));
		return value;
	}
	template <typename T>
	void put(std::size_t offset, const T &value)
	{
		std::memcpy(bytes_.data() + offset, &value, sizeof(T));
	}

private:
	std::vector<std::uint8_t> &bytes_;
};

struct MalformedCase {
	const char *name;
	std::function<void(std::vector<std::uint8_t> &)> damage;
	const char *message; /* expected in the error */
};

void edit_header(std::vector<std::uint8_t> &bytes, const std::function<void(Elf64_Ehdr &)> &edit)
{
	ElfEditor elf(bytes);
	Elf64_Ehdr header = elf.header();
	edit(header);
	elf.set_header(header);
}

void edit_prog_desc(std::vector<std::uint8_t> &bytes, std::size_t i,
		    const std::function<void(rex_prog_desc &)> &edit)
{
	ElfEditor elf(bytes);
	std::size_t offset = elf.contents(REX_SEC_PROGS) + i * sizeof(rex_prog_desc);
	rex_prog_desc desc = elf.get<rex_prog_desc>(offset);
	edit(desc);
	elf.put(offset, desc);
}

void edit_map_desc(std::vector<std::uint8_t> &bytes, std::size_t i, const std::function<void(rex_map_desc &)> &edit)
{
	ElfEditor elf(bytes);
	std::size_t offset = elf.contents(REX_SEC_MAPS) + i * sizeof(rex_map_desc);
	rex_map_desc desc = elf.get<rex_map_desc>(offset);
	edit(desc);
	elf.put(offset, desc);
}

void edit_meta(std::vector<std::uint8_t> &bytes, const std::function<void(rex_meta &)> &edit)
{
	ElfEditor elf(bytes);
	std::size_t offset = elf.contents(REX_SEC_META);
	rex_meta meta = elf.get<rex_meta>(offset);
	edit(meta);
	elf.put(offset, meta);
}

void edit_section(std::vector<std::uint8_t> &bytes, std::string_view name,
		  const std::function<void(Elf64_Shdr &)> &edit)
{
	ElfEditor elf(bytes);
	std::size_t i = elf.section_index(name);
	Elf64_Shdr shdr = elf.section(i);
	edit(shdr);
	elf.set_section(i, shdr);
}

const MalformedCase malformed_cases[] = {
	{"TooSmall", [](auto &b) { b.resize(10); }, "too small for an ELF header"},
	{"BadMagic", [](auto &b) { b[1] = 'X'; }, "bad magic, not an ELF file"},
	{"Elf32", [](auto &b) { b[EI_CLASS] = ELFCLASS32; }, "class is 1, expected 2 (ELFCLASS64)"},
	{"BigEndian", [](auto &b) { b[EI_DATA] = ELFDATA2MSB; }, "data encoding is 2, expected 1"},
	{"BadIdentVersion", [](auto &b) { b[EI_VERSION] = 0; }, "version is not 1"},
	{"SharedObject", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_type = ET_DYN; }); },
	 "type is 3, expected 1 (ET_REL"},
	{"Arm64", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_machine = EM_AARCH64; }); },
	 "machine is 183, expected 62 (EM_X86_64)"},
	{"SectionHeaderSize", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_shentsize = 40; }); },
	 "section header size is 40, expected 64"},
	{"NoSections", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_shnum = 0, h.e_shoff = 0; }); },
	 "no section header table"},
	{"ExtendedNumbering", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_shnum = 0; }); },
	 "extended section numbering is not supported"},
	{"SectionTablePastEnd", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_shoff = 0xfffffffffffff000; }); },
	 "section header table (offset 18446744073709547520"},
	{"TruncatedSectionTable", [](auto &b) { b.resize(b.size() - 1); }, "runs past the end of the ELF"},
	{"NameTableIndex", [](auto &b) { edit_header(b, [](Elf64_Ehdr &h) { h.e_shstrndx = h.e_shnum; }); },
	 "section name table index"},
	{"SectionContentsPastEnd",
	 [](auto &b) { edit_section(b, REX_SEC_META, [](Elf64_Shdr &s) { s.sh_size = 1u << 30; }); },
	 "contents (offset"},
	{"SectionNameOutOfTable",
	 [](auto &b) { edit_section(b, ".text", [](Elf64_Shdr &s) { s.sh_name = 0x7fffffff; }); },
	 "name offset 2147483647 is outside its string table"},
	{"NoProgs", [](auto &b) { ElfEditor(b).rename_section(REX_SEC_PROGS, ".rex.xxxxx"); },
	 "no .rex.progs section"},
	{"NoMeta", [](auto &b) { ElfEditor(b).rename_section(REX_SEC_META, ".rex.xxxx"); }, "no .rex.meta section"},
	{"TwoMetaSections", [](auto &b) { ElfEditor(b).rename_section(REX_SEC_MAPS, REX_SEC_META); },
	 "two sections named .rex.meta"},
	{"ProgsNotProgbits",
	 [](auto &b) { edit_section(b, REX_SEC_PROGS, [](Elf64_Shdr &s) { s.sh_type = SHT_NOBITS; }); },
	 ".rex.progs: section type is 8, expected SHT_PROGBITS"},
	{"ProgsSizeNotMultiple",
	 [](auto &b) { edit_section(b, REX_SEC_PROGS, [](Elf64_Shdr &s) { s.sh_size -= 8; }); },
	 "is not a non-zero multiple of struct rex_prog_desc (168 bytes)"},
	{"ProgNameUnterminated",
	 [](auto &b) { edit_prog_desc(b, 1, [](rex_prog_desc &d) { std::memset(d.name, 'a', sizeof(d.name)); }); },
	 ".rex.progs[1].name is not NUL-terminated within 16 bytes"},
	{"ProgNameEmpty", [](auto &b) { edit_prog_desc(b, 0, [](rex_prog_desc &d) { d.name[0] = 0; }); },
	 ".rex.progs[0]: empty name"},
	{"ProgDuplicateName",
	 [](auto &b) { edit_prog_desc(b, 1, [](rex_prog_desc &d) { std::strcpy(d.name, "count_open"); }); },
	 "two programs with this name"},
	{"ProgReserved", [](auto &b) { edit_prog_desc(b, 0, [](rex_prog_desc &d) { d.reserved = 1; }); },
	 ".rex.progs[0] 'count_open': reserved field is not 0"},
	{"ProgUnknownFlag", [](auto &b) { edit_prog_desc(b, 0, [](rex_prog_desc &d) { d.flags |= 1u << 7; }); },
	 "unknown flags"},
	{"ProgEntryUndefined",
	 [](auto &b) { edit_prog_desc(b, 1, [](rex_prog_desc &d) { std::strcpy(d.entry, "rex_panic"); }); },
	 "entry 'rex_panic' is not a function defined in the image"},
	{"ProgEntryIsData",
	 [](auto &b) { edit_prog_desc(b, 1, [](rex_prog_desc &d) { std::strcpy(d.entry, "rex_maps"); }); },
	 "entry 'rex_maps' is not a function defined in the image"},
	{"ProgEntryWithoutEndbr", [](auto &b) { b[ElfEditor(b).contents(".text")] = 0x90; },
	 ".rex.progs[0] 'count_open': entry 'count_open' does not begin with ENDBR64"},
	{"MapUnknownFlag", [](auto &b) { edit_map_desc(b, 0, [](rex_map_desc &d) { d.flags = 1u << 5; }); },
	 ".rex.maps[0] 'counts': unknown flags 0x20 or reserved bits"},
	{"MapReserved", [](auto &b) { edit_map_desc(b, 0, [](rex_map_desc &d) { d.reserved = 1; }); },
	 ".rex.maps[0] 'counts': unknown flags 0x0 or reserved bits"},
	{"MapSpinLockInRingBuffer",
	 [](auto &b) { edit_map_desc(b, 1, [](rex_map_desc &d) { d.flags = REX_MAP_F_SPIN_LOCK; }); },
	 ".rex.maps[1] 'events': only the values of array and hash maps can hold a spin lock"},
	{"MapSpinLockInTinyValue",
	 [](auto &b) {
		 edit_map_desc(b, 0, [](rex_map_desc &d) {
			 d.flags = REX_MAP_F_SPIN_LOCK;
			 d.value_size = 2;
		 });
	 },
	 ".rex.maps[0] 'counts': a value of 2 bytes cannot hold a spin lock"},
	{"MapKptrSet", [](auto &b) { edit_map_desc(b, 1, [](rex_map_desc &d) { d.kptr = 1; }); },
	 ".rex.maps[1] 'events': value_offset and kptr must be 0"},
	{"MapValueOffsetSet", [](auto &b) { edit_map_desc(b, 0, [](rex_map_desc &d) { d.value_offset = 64; }); },
	 ".rex.maps[0] 'counts': value_offset and kptr must be 0"},
	{"MapDuplicateName",
	 [](auto &b) { edit_map_desc(b, 1, [](rex_map_desc &d) { std::strcpy(d.name, "counts"); }); },
	 "two maps with this name"},
	{"MetaSize", [](auto &b) { edit_section(b, REX_SEC_META, [](Elf64_Shdr &s) { s.sh_size = 40; }); },
	 ".rex.meta: size 40, expected 80"},
	{"MetaMagic", [](auto &b) { edit_meta(b, [](rex_meta &m) { m.magic = 0; }); }, ".rex.meta: bad magic"},
	{"MetaVersion", [](auto &b) { edit_meta(b, [](rex_meta &m) { m.version = 1; }); },
	 "image format version 1, this rex reads 4"},
	{"MetaFlags", [](auto &b) { edit_meta(b, [](rex_meta &m) { m.flags = 1; }); }, ".rex.meta: flags must be 0"},
	{"NoSymbolTable",
	 [](auto &b) { edit_section(b, ".symtab", [](Elf64_Shdr &s) { s.sh_type = SHT_PROGBITS; }); },
	 "no symbol table"},
};

class MalformedImage : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedImage, IsRejectedWithItsOwnMessage)
{
	std::vector<std::uint8_t> bytes = sample_bytes();
	GetParam().damage(bytes);
	Result<Image> image = Image::parse(bytes);
	ASSERT_FALSE(image) << "accepted an image damaged by " << GetParam().name;
	EXPECT_EQ(image.error().code(), ENOEXEC);
	EXPECT_NE(image.error().message().find(GetParam().message), std::string::npos)
		<< "got: " << image.error().message();
}

INSTANTIATE_TEST_SUITE_P(Image, MalformedImage, ::testing::ValuesIn(malformed_cases),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(MalformedImage, EveryCaseHasItsOwnMessage)
{
	std::set<std::string> messages;
	for (const MalformedCase &c : malformed_cases) {
		std::vector<std::uint8_t> bytes = sample_bytes();
		c.damage(bytes);
		Result<Image> image = Image::parse(bytes);
		ASSERT_FALSE(image) << c.name;
		EXPECT_TRUE(messages.insert(image.error().message()).second) << c.name << ": " << image.error().message();
	}
}

TEST(Image, DecodesTheSpinLockFlagOfAHashMap)
{
	std::vector<std::uint8_t> bytes = sample_bytes();
	edit_map_desc(bytes, 0, [](rex_map_desc &d) { d.flags = REX_MAP_F_SPIN_LOCK; });
	Result<Image> image = Image::parse(bytes);
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_TRUE(image.value().maps()[0].spin_lock);
	EXPECT_FALSE(image.value().maps()[1].spin_lock);
}

} // namespace
} // namespace rex
