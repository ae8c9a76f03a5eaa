/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The code of an object as rex build sees it: every function decoded into
 * instructions (x86_decode.h), with its direct branches resolved to their
 * targets, through the relocation at the operand or, within one section,
 * through the displacement itself.  Shared by the image checks and the
 * stack analysis.
 */

#include <librex/elf_object.h>
#include <librex/x86_decode.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace rex {

/* A place in a section of the object. */
struct CodeLocation {
	std::size_t section;
	std::uint64_t offset;
};

/* A direct call or jump in a function. */
struct Branch {
	const ElfSymbol *from = nullptr; /* the function it is in */
	std::uint64_t offset = 0;        /* of the instruction, in from's section */
	X86Instruction::Kind kind = X86Instruction::Kind::call;
	/* Where it goes: a function of the object, an import, or neither (a local jump). */
	const ElfSymbol *to_function = nullptr;
	const ElfSymbol *to_import = nullptr;
	std::optional<CodeLocation> target;
};

class CodeMap {
public:
	explicit CodeMap(const ElfObject &object);

	const std::vector<Branch> &branches() const { return branches_; }
	/* Functions with an indirect call (call *%rax, call *(%rdi)). */
	const std::vector<const ElfSymbol *> &indirect_callers() const { return indirect_callers_; }
	/* "f+0x12": instructions that could not be decoded; the analysis is void then. */
	const std::vector<std::string> &undecodable() const { return undecodable_; }

	/* Is the relocation at offset in section the operand of a direct branch? */
	bool is_branch_operand(std::size_t section, std::uint64_t offset) const
	{
		return branch_operands_.contains({section, offset});
	}

private:
	void decode_function(const ElfObject &object, const ElfSymbol &function);

	std::vector<Branch> branches_;
	std::vector<const ElfSymbol *> indirect_callers_;
	std::vector<std::string> undecodable_;
	std::set<std::pair<std::size_t, std::uint64_t>> branch_operands_;
};

/*
 * Where a relocation points, if its symbol is defined in the object: S + A,
 * or S + A + 4 for a rel32 in code, which counts from the end of its operand
 * (for a branch, exactly its target).
 */
std::optional<CodeLocation> relocation_target(const ElfObject &object, const ElfSection &section,
					      const ElfRelocation &rel);

/* The function holding location, or nullptr. */
const ElfSymbol *function_at(const ElfObject &object, CodeLocation location);

} // namespace rex
