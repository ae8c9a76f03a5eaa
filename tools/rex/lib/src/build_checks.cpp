// SPDX-License-Identifier: GPL-2.0
#include <librex/image_checks.h>

#include <librex/demangle.h>
#include <librex/image.h>
#include <librex/object_code.h>

#include <elf.h>
#include <set>
#include <span>
#include <string_view>

namespace rex {

namespace {

constexpr std::string_view kernel_layout_import = "rex_kernel_layout";

bool starts_with(std::string_view text, std::string_view prefix)
{
	return text.substr(0, prefix.size()) == prefix;
}

/*
 * What the kernel may link: BPF helpers, the Rex runtime (rex_*, which
 * includes the stack check's rex_stack_exhausted), and, by exact name, the
 * functions the fixed compile flags make clang call (the sanitizers'
 * handlers) and memset/memcpy/memmove, which clang calls to zero or copy
 * large objects; __x86_return_thunk is what returns jump to
 * (-mfunction-return=thunk-extern), which the loader patches.
 */
bool is_allowed_import(std::string_view name)
{
	static constexpr std::string_view compiler_imports[] = {
		"__ubsan_handle_divrem_overflow_abort",
		"__ubsan_handle_shift_out_of_bounds_abort",
		"__ubsan_handle_out_of_bounds_abort",
		"memset",
		"memcpy",
		"memmove",
		return_thunk_symbol,
	};
	for (std::string_view allowed : compiler_imports)
		if (name == allowed)
			return true;
	return starts_with(name, "bpf_") || starts_with(name, "rex_");
}

bool is_got_relocation(std::uint32_t type)
{
	switch (type) {
	case R_X86_64_GOT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTOFF64:
	case R_X86_64_GOTPC32:
	case R_X86_64_GOT64:
	case R_X86_64_GOTPCREL64:
	case R_X86_64_GOTPC64:
	case R_X86_64_GOTPLT64:
	case R_X86_64_PLTOFF64:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return true;
	default:
		return false;
	}
}

/* The relocation types the kernel's Rex loader applies. */
bool is_applied_relocation(std::uint32_t type)
{
	return type == R_X86_64_64 || type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_32 ||
	       type == R_X86_64_32S;
}

bool is_constructor_section(const ElfSection &section)
{
	if (section.type == SHT_INIT_ARRAY || section.type == SHT_FINI_ARRAY || section.type == SHT_PREINIT_ARRAY)
		return true;
	for (std::string_view prefix : {".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors"})
		if (starts_with(section.name, prefix))
			return true;
	return false;
}

/*
 * The source name of a variable: demangled, without the suffix the
 * optimizer adds to a global it splits ("_ZL5other.0" is "other").
 */
std::string variable_name(const ElfSymbol &symbol)
{
	std::string_view name = symbol.name;
	if (name.starts_with("_Z"))
		name = name.substr(0, name.find('.'));
	return demangle(name);
}

/* "'sym' in .text.f" for a relocation: what a reader can find in the source. */
std::string where(const ElfObject &object, const ElfSection &section, const ElfRelocation &rel)
{
	const ElfSymbol *in = object.symbol_covering(section.index, rel.offset);
	std::string text = "'" + demangle(object.symbols()[rel.symbol].name) + "' in ";
	text += in ? demangle(in->name) : std::string(section.name);
	return text;
}

class ImageChecker {
public:
	explicit ImageChecker(const ElfObject &object) : object_(object) {}

	std::vector<std::string> run()
	{
		check_sections();
		check_imports();
		check_relocations();
		return std::move(problems_);
	}

private:
	void check_sections();
	void check_imports();
	void check_relocations();
	void report_constructors(const ElfSection &section);
	void collect_initialized(const ElfSymbol &function, std::set<std::size_t> &visited,
				 std::set<std::string> &globals);

	const ElfObject &object_;
	CodeMap code_{object_};
	std::vector<std::string> problems_;
};

void ImageChecker::check_sections()
{
	for (const ElfSection &section : object_.sections()) {
		if (is_constructor_section(section)) {
			report_constructors(section);
			continue;
		}
		if (section.flags & SHF_TLS) {
			problems_.push_back("thread-local storage in " + std::string(section.name) +
					    ": Rex programs have no thread_local variables");
			continue;
		}
		if (section.allocated() && (section.flags & SHF_WRITE) && section.executable())
			problems_.push_back("section " + std::string(section.name) + " is writable and executable");
	}
}

/*
 * A constructor section lists functions (_GLOBAL__sub_I_...) that
 * initialize globals.  Name the globals they write: those are what the
 * programmer must make constinit.
 */
void ImageChecker::report_constructors(const ElfSection &section)
{
	bool destructors = starts_with(section.name, ".fini_array") || starts_with(section.name, ".dtors") ||
			   section.type == SHT_FINI_ARRAY;
	std::set<std::string> globals;
	std::set<std::size_t> visited;
	std::set<std::string> functions;
	for (const ElfRelocation &rel : object_.relocations_for(section.index)) {
		std::optional<CodeLocation> target = relocation_target(object_, section, rel);
		const ElfSymbol *function = target ? function_at(object_, *target) : nullptr;
		if (!function)
			continue;
		functions.insert(demangle(function->name));
		collect_initialized(*function, visited, globals);
	}

	if (destructors) {
		problems_.push_back("global destructor (" + std::string(section.name) +
				    "): globals must have trivial destructors");
	} else if (globals.empty()) {
		std::string names;
		for (const std::string &f : functions)
			names += (names.empty() ? "" : ", ") + f;
		problems_.push_back("global constructor (" + (names.empty() ? std::string(section.name) : names) +
				    "): make the globals it initializes constinit");
	}
	for (const std::string &global : globals)
		problems_.push_back("global constructor: make " + global + " constinit");
}

/* Writable data that function (or a function it calls) refers to. */
void ImageChecker::collect_initialized(const ElfSymbol &function, std::set<std::size_t> &visited,
				       std::set<std::string> &globals)
{
	if (!visited.insert(function.index).second)
		return;
	for (const Branch &branch : code_.branches())
		if (branch.from == &function && branch.to_function)
			collect_initialized(*branch.to_function, visited, globals);

	const ElfSection &section = object_.sections()[function.section];
	for (const ElfRelocation &rel : object_.relocations_for(section.index)) {
		if (rel.offset < function.value || rel.offset - function.value >= function.size)
			continue;
		std::optional<CodeLocation> target = relocation_target(object_, section, rel);
		if (!target || !(object_.sections()[target->section].flags & SHF_WRITE))
			continue;
		/* The variable itself, else the one at the symbol + addend (an immediate may follow a rel32). */
		const ElfSymbol &named = object_.symbols()[rel.symbol];
		if (named.type == STT_OBJECT)
			globals.insert(variable_name(named));
		else if (const ElfSymbol *object = object_.symbol_covering(target->section, target->offset))
			globals.insert(variable_name(*object));
		else if (const ElfSymbol *at = object_.symbol_covering(target->section, named.value + rel.addend))
			globals.insert(variable_name(*at));
	}
}

void ImageChecker::check_imports()
{
	for (const ElfSymbol &symbol : object_.symbols()) {
		if (!symbol.undefined() || symbol.name.empty() || symbol.index == 0)
			continue;
		if (!is_allowed_import(symbol.name))
			problems_.push_back("import '" + demangle(symbol.name) +
					    "' is not a BPF helper (bpf_*) or Rex runtime function (rex_*): "
					    "the kernel links nothing else");
	}
}

void ImageChecker::check_relocations()
{
	for (const ElfSection &section : object_.sections()) {
		if (!section.allocated() || is_constructor_section(section))
			continue;
		for (const ElfRelocation &rel : object_.relocations_for(section.index)) {
			std::string type = ElfObject::relocation_type_name(rel.type);
			const ElfSymbol &symbol = object_.symbols()[rel.symbol];
			if (is_got_relocation(rel.type)) {
				problems_.push_back("GOT relocation " + type + " against " + where(object_, section, rel) +
						    ": calls into the kernel must be direct (compile with -fno-pic)");
				continue;
			}
			if (!is_applied_relocation(rel.type)) {
				problems_.push_back("relocation " + type + " against " + where(object_, section, rel) +
						    ": the kernel applies only R_X86_64_64, PC32, PLT32, 32 and 32S");
				continue;
			}
			/* Only a return, "jmp __x86_return_thunk" (e9 rel32), which is what the loader patches. */
			if (symbol.undefined() && symbol.name == return_thunk_symbol) {
				std::span<const std::uint8_t> code = object_.contents(section);
				if (!section.executable() || !code_.is_branch_operand(section.index, rel.offset) ||
				    rel.offset == 0 || rel.offset > code.size() || code[rel.offset - 1] != 0xe9 ||
				    rel.addend != -4)
					problems_.push_back("import " + where(object_, section, rel) +
							    " is not a return (jmp __x86_return_thunk): the return thunk "
							    "can only be returned through");
				continue;
			}
			/* The one data import: the kernel's struct rex_kernel_layout, read, never called. */
			if (symbol.undefined() && symbol.name == kernel_layout_import) {
				if (code_.is_branch_operand(section.index, rel.offset))
					problems_.push_back("import " + where(object_, section, rel) +
							    " is data (struct rex_kernel_layout): it can be read, not called");
				continue;
			}
			if (symbol.undefined() && is_allowed_import(symbol.name) &&
			    !code_.is_branch_operand(section.index, rel.offset))
				problems_.push_back("import " + where(object_, section, rel) + " is used by " + type +
						    ", not called directly: helpers can only be called");
		}
	}
}

} // namespace

std::vector<std::string> check_image_object(const ElfObject &object)
{
	return ImageChecker(object).run();
}

} // namespace rex
