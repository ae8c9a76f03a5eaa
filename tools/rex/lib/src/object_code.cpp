// SPDX-License-Identifier: GPL-2.0
#include <librex/object_code.h>

#include <librex/demangle.h>

#include <elf.h>
#include <map>

namespace rex {

CodeMap::CodeMap(const ElfObject &object)
{
	for (const ElfSymbol &symbol : object.symbols())
		if (symbol.function() && !symbol.undefined() && symbol.section < object.sections().size() &&
		    object.sections()[symbol.section].executable())
			decode_function(object, symbol);
}

void CodeMap::decode_function(const ElfObject &object, const ElfSymbol &function)
{
	const ElfSection &section = object.sections()[function.section];
	std::span<const std::uint8_t> code = object.contents(section);
	if (function.value > code.size() || function.size > code.size() - function.value) {
		undecodable_.push_back(demangle(function.name) + ": outside its section");
		return;
	}
	std::map<std::uint64_t, const ElfRelocation *> relocations;
	for (const ElfRelocation &rel : object.relocations_for(section.index))
		if (rel.offset >= function.value && rel.offset - function.value < function.size)
			relocations[rel.offset] = &rel;

	std::uint64_t end = function.value + function.size;
	for (std::uint64_t pc = function.value; pc < end;) {
		std::optional<X86Instruction> insn = decode_x86(code.subspan(pc, end - pc));
		if (!insn) {
			char where[32];
			std::snprintf(where, sizeof(where), "+0x%llx", static_cast<unsigned long long>(pc - function.value));
			undecodable_.push_back(demangle(function.name) + where);
			return;
		}
		using Kind = X86Instruction::Kind;
		if (insn->kind == Kind::indirect_call) {
			if (indirect_callers_.empty() || indirect_callers_.back() != &function)
				indirect_callers_.push_back(&function);
		} else if (insn->kind == Kind::call || insn->kind == Kind::jump || insn->kind == Kind::conditional_jump) {
			Branch branch;
			branch.from = &function;
			branch.offset = pc;
			branch.kind = insn->kind;
			std::uint64_t operand = pc + insn->operand_offset;
			branch_operands_.insert({section.index, operand});
			if (auto rel = relocations.find(operand); rel != relocations.end()) {
				const ElfSymbol &symbol = object.symbols()[rel->second->symbol];
				if (symbol.undefined())
					branch.to_import = &symbol;
				else
					branch.target = relocation_target(object, section, *rel->second);
			} else {
				branch.target = CodeLocation{section.index, pc + insn->length + insn->displacement};
			}
			if (branch.target)
				branch.to_function = function_at(object, *branch.target);
			branches_.push_back(branch);
		}
		pc += insn->length;
	}
}

std::optional<CodeLocation> relocation_target(const ElfObject &object, const ElfSection &section,
					      const ElfRelocation &rel)
{
	const ElfSymbol &symbol = object.symbols()[rel.symbol];
	if (symbol.undefined() || symbol.section >= object.sections().size())
		return std::nullopt;
	std::uint64_t offset = symbol.value + static_cast<std::uint64_t>(rel.addend);
	/* rel32 in code counts from the end of the operand (of the instruction, when nothing follows it). */
	if (section.executable() && (rel.type == R_X86_64_PLT32 || rel.type == R_X86_64_PC32))
		offset += 4;
	return CodeLocation{symbol.section, offset};
}

const ElfSymbol *function_at(const ElfObject &object, CodeLocation location)
{
	const ElfSymbol *symbol = object.symbol_covering(location.section, location.offset);
	return symbol && symbol->function() ? symbol : nullptr;
}

} // namespace rex
