/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Just enough of x86-64 instruction decoding to walk compiled code: the
 * length of each instruction and whether it is a branch, and to where.
 * The stack analysis of rex build needs it because a call within one
 * section (a function calling itself) has no relocation.
 *
 * It knows the general-purpose instructions (and the SSE/x87 opcode maps'
 * shapes, for robustness); VEX/EVEX-encoded instructions, which images built
 * with -mgeneral-regs-only do not contain, and invalid opcodes are refused.
 */

#include <cstdint>
#include <optional>
#include <span>

namespace rex {

struct X86Instruction {
	enum class Kind : std::uint8_t {
		other,
		call,             /* e8 rel32 */
		jump,             /* e9 rel32, eb rel8 */
		conditional_jump, /* 0f 8x rel32, 7x rel8, e0-e3 rel8 */
		indirect_call,    /* ff /2, ff /3 */
		indirect_jump,    /* ff /4, ff /5 */
	};

	std::uint8_t length = 0;
	Kind kind = Kind::other;
	/* For call/jump/conditional_jump: where the relative operand starts in the instruction. */
	std::uint8_t operand_offset = 0;
	/* ... and its value: the target is the instruction's end plus this. */
	std::int64_t displacement = 0;
};

/* The instruction at the start of code; nullopt if it cannot be decoded. */
std::optional<X86Instruction> decode_x86(std::span<const std::uint8_t> code);

} // namespace rex
