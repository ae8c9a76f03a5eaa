// SPDX-License-Identifier: GPL-2.0
#include <librex/x86_decode.h>

#include <cstring>

namespace rex {

namespace {

/* Immediate operand of an opcode: none, 1/2 bytes, or z (2 or 4 by operand size). */
enum Imm : std::uint8_t { none, b1, b2, z, b3 /* enter: iw, ib */ };

struct Shape {
	bool valid;
	bool modrm;
	Imm imm;
};

constexpr Shape bad = {false, false, none};
constexpr Shape plain = {true, false, none};
constexpr Shape rm = {true, true, none};
constexpr Shape rm_b = {true, true, b1};
constexpr Shape rm_z = {true, true, z};
constexpr Shape ib = {true, false, b1};
constexpr Shape iw = {true, false, b2};
constexpr Shape iz = {true, false, z};

/* The one-byte opcode map in 64-bit mode (prefixes are handled before). */
Shape one_byte(std::uint8_t op)
{
	if (op < 0x40) {
		std::uint8_t low = op & 7;
		if (op == 0x0f)
			return bad; /* escape, handled by the caller */
		if (low <= 3)
			return rm;
		if (low == 4)
			return ib;
		if (low == 5)
			return iz;
		return bad; /* push/pop seg, daa/das/aaa/aas, prefixes: invalid or handled */
	}
	if (op >= 0x50 && op <= 0x5f)
		return plain;
	if (op >= 0x70 && op <= 0x7f)
		return ib;
	if (op >= 0x84 && op <= 0x8f)
		return rm;
	if (op >= 0x90 && op <= 0x99)
		return plain;
	if (op >= 0x9b && op <= 0x9f)
		return plain;
	if (op >= 0xa4 && op <= 0xa7)
		return plain;
	if (op >= 0xaa && op <= 0xaf)
		return plain;
	if (op >= 0xb0 && op <= 0xb7)
		return ib;
	if (op >= 0xd8 && op <= 0xdf)
		return rm; /* x87 */
	switch (op) {
	case 0x63: return rm;
	case 0x68: return iz;
	case 0x69: return rm_z;
	case 0x6a: return ib;
	case 0x6b: return rm_b;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f: return plain;
	case 0x80: return rm_b;
	case 0x81: return rm_z;
	case 0x83: return rm_b;
	case 0xa8: return ib;
	case 0xa9: return iz;
	case 0xc0: case 0xc1: return rm_b;
	case 0xc2: return iw;
	case 0xc3: return plain;
	case 0xc6: return rm_b;
	case 0xc7: return rm_z;
	case 0xc8: return {true, false, b3};
	case 0xc9: return plain;
	case 0xca: return iw;
	case 0xcb: case 0xcc: return plain;
	case 0xcd: return ib;
	case 0xcf: return plain;
	case 0xd0: case 0xd1: case 0xd2: case 0xd3: return rm;
	case 0xd7: return plain;
	case 0xe0: case 0xe1: case 0xe2: case 0xe3: return ib;
	case 0xe4: case 0xe5: case 0xe6: case 0xe7: return ib;
	case 0xe8: case 0xe9: return {true, false, z};
	case 0xeb: return ib;
	case 0xec: case 0xed: case 0xee: case 0xef: return plain;
	case 0xf1: case 0xf4: case 0xf5: return plain;
	case 0xf6: case 0xf7: return rm; /* test's immediate depends on ModRM.reg */
	case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd: return plain;
	case 0xfe: case 0xff: return rm;
	default: return bad;
	}
}

/* The 0f xx map. */
Shape two_byte(std::uint8_t op)
{
	if (op >= 0x40 && op <= 0x4f)
		return rm; /* cmovcc */
	if (op >= 0x80 && op <= 0x8f)
		return {true, false, z}; /* jcc rel32 */
	if (op >= 0x90 && op <= 0x9f)
		return rm; /* setcc */
	if (op >= 0xc8 && op <= 0xcf)
		return plain; /* bswap */
	if ((op >= 0x10 && op <= 0x1f) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x6f) ||
	    (op >= 0x74 && op <= 0x76) || (op >= 0x7c && op <= 0x7f) || (op >= 0xd0))
		return rm; /* SSE/MMX shapes, hint nops, prefetch */
	if (op >= 0x70 && op <= 0x73)
		return rm_b;
	switch (op) {
	case 0x00: case 0x01: case 0x02: case 0x03: return rm;
	case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0b: return plain;
	case 0x0d: return rm;
	case 0x20: case 0x21: case 0x22: case 0x23: return rm;
	case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x37: return plain;
	case 0x77: return plain;
	case 0x78: case 0x79: return rm;
	case 0xa0: case 0xa1: case 0xa2: return plain;
	case 0xa3: return rm;
	case 0xa4: return rm_b;
	case 0xa5: return rm;
	case 0xa8: case 0xa9: case 0xaa: return plain;
	case 0xab: return rm;
	case 0xac: return rm_b;
	case 0xad: case 0xae: case 0xaf: return rm;
	case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7: return rm;
	case 0xb8: case 0xb9: return rm;
	case 0xba: return rm_b;
	case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf: return rm;
	case 0xc0: case 0xc1: return rm;
	case 0xc2: return rm_b;
	case 0xc3: return rm;
	case 0xc4: case 0xc5: case 0xc6: return rm_b;
	case 0xc7: return rm;
	default: return bad;
	}
}

class Decoder {
public:
	explicit Decoder(std::span<const std::uint8_t> code) : code_(code) {}

	std::optional<X86Instruction> decode();

private:
	bool take(std::uint8_t &byte)
	{
		if (pos_ >= code_.size() || pos_ >= 15)
			return false;
		byte = code_[pos_++];
		return true;
	}
	bool skip(std::size_t count)
	{
		if (count > code_.size() - pos_ || pos_ + count > 15)
			return false;
		pos_ += count;
		return true;
	}
	std::int64_t signed_at(std::size_t at, std::size_t size) const
	{
		if (size == 1)
			return static_cast<std::int8_t>(code_[at]);
		std::int32_t value;
		std::memcpy(&value, code_.data() + at, 4);
		return value;
	}
	/* The ModRM byte's memory operand: SIB and displacement. */
	bool modrm_operand(std::uint8_t modrm);

	std::span<const std::uint8_t> code_;
	std::size_t pos_ = 0;
};

bool Decoder::modrm_operand(std::uint8_t modrm)
{
	std::uint8_t mod = modrm >> 6;
	std::uint8_t rm_bits = modrm & 7;
	if (mod == 3)
		return true;
	std::size_t displacement = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	if (rm_bits == 4) {
		std::uint8_t sib;
		if (!take(sib))
			return false;
		if (mod == 0 && (sib & 7) == 5)
			displacement = 4;
	} else if (mod == 0 && rm_bits == 5) {
		displacement = 4; /* RIP-relative */
	}
	return skip(displacement);
}

std::optional<X86Instruction> Decoder::decode()
{
	bool operand_size_16 = false;
	bool address_size_32 = false;
	bool rex_w = false;
	std::uint8_t op;

	/* Legacy prefixes, then at most one REX right before the opcode. */
	for (;;) {
		if (!take(op))
			return std::nullopt;
		if (op == 0x66) {
			operand_size_16 = true;
		} else if (op == 0x67) {
			address_size_32 = true;
		} else if (op == 0xf0 || op == 0xf2 || op == 0xf3 || op == 0x26 || op == 0x2e || op == 0x36 ||
			   op == 0x3e || op == 0x64 || op == 0x65) {
		} else {
			break;
		}
	}
	if ((op & 0xf0) == 0x40) {
		rex_w = op & 8;
		if (!take(op))
			return std::nullopt;
	}

	X86Instruction insn;
	Shape shape;
	std::uint8_t map = 1;
	if (op == 0x0f) {
		if (!take(op))
			return std::nullopt;
		if (op == 0x38 || op == 0x3a) {
			map = op == 0x38 ? 3 : 4;
			if (!take(op))
				return std::nullopt;
			shape = map == 3 ? rm : rm_b;
		} else {
			map = 2;
			shape = two_byte(op);
		}
	} else if (op >= 0xb8 && op <= 0xbf) {
		/* mov r, imm: imm64 with REX.W */
		if (!skip(rex_w ? 8 : operand_size_16 ? 2 : 4))
			return std::nullopt;
		insn.length = static_cast<std::uint8_t>(pos_);
		return insn;
	} else if (op >= 0xa0 && op <= 0xa3) {
		/* mov with a moffs: an address-sized offset */
		if (!skip(address_size_32 ? 4 : 8))
			return std::nullopt;
		insn.length = static_cast<std::uint8_t>(pos_);
		return insn;
	} else {
		shape = one_byte(op);
	}
	if (!shape.valid)
		return std::nullopt;

	std::uint8_t modrm = 0;
	if (shape.modrm) {
		if (!take(modrm) || !modrm_operand(modrm))
			return std::nullopt;
	}

	std::uint8_t reg = (modrm >> 3) & 7;
	Imm imm = shape.imm;
	if (map == 1 && (op == 0xf6 || op == 0xf7) && reg <= 1)
		imm = op == 0xf6 ? b1 : z; /* test r/m, imm */

	std::size_t imm_at = pos_;
	std::size_t imm_size = 0;
	switch (imm) {
	case none: break;
	case b1: imm_size = 1; break;
	case b2: imm_size = 2; break;
	case b3: imm_size = 3; break;
	case z: imm_size = operand_size_16 && !rex_w ? 2 : 4; break;
	}
	if (!skip(imm_size))
		return std::nullopt;
	insn.length = static_cast<std::uint8_t>(pos_);

	/* Branches: their relative operand is the immediate. */
	bool rel8 = map == 1 && ((op >= 0x70 && op <= 0x7f) || (op >= 0xe0 && op <= 0xe3) || op == 0xeb);
	bool rel32 = (map == 1 && (op == 0xe8 || op == 0xe9)) || (map == 2 && op >= 0x80 && op <= 0x8f);
	if (rel32 && imm_size != 4)
		return std::nullopt; /* 16-bit branches truncate rip: never emitted */
	if (rel8 || rel32) {
		insn.kind = map == 1 && op == 0xe8   ? X86Instruction::Kind::call
			    : map == 1 && (op == 0xe9 || op == 0xeb) ? X86Instruction::Kind::jump
								     : X86Instruction::Kind::conditional_jump;
		insn.operand_offset = static_cast<std::uint8_t>(imm_at);
		insn.displacement = signed_at(imm_at, imm_size);
	} else if (map == 1 && op == 0xff && (reg == 2 || reg == 3)) {
		insn.kind = X86Instruction::Kind::indirect_call;
	} else if (map == 1 && op == 0xff && (reg == 4 || reg == 5)) {
		insn.kind = X86Instruction::Kind::indirect_jump;
	}
	return insn;
}

} // namespace

std::optional<X86Instruction> decode_x86(std::span<const std::uint8_t> code)
{
	return Decoder(code).decode();
}

} // namespace rex
