// SPDX-License-Identifier: GPL-2.0
/*
 * The BTF rex load gives a map of locked values, read back type by type as
 * the kernel's btf_parse() would: the header, the INT and STRUCT records,
 * and the names.  The booted kernel's acceptance of it is tested in
 * scenarios/runtime/spin-lock.sh.
 */
#include <librex/map_btf.h>

#include <linux/bpf.h>
#include <linux/btf.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace rex {
namespace {

struct Member {
	std::string name;
	std::uint32_t type;
	std::uint32_t bit_offset;
};

struct Type {
	std::uint32_t name_off = 0;
	std::string name;
	std::uint32_t kind;
	std::uint32_t size;
	std::uint32_t int_data = 0;
	std::vector<Member> members;
	std::uint32_t array_type = 0, array_index = 0, array_elems = 0; /* BTF_KIND_ARRAY */
};

class BtfReader {
public:
	explicit BtfReader(const std::vector<std::uint8_t> &blob) : blob_(blob)
	{
		std::memcpy(&header_, blob.data(), sizeof(header_));
	}

	const btf_header &header() const { return header_; }

	/* Types by id; [0] is void. */
	std::vector<Type> types() const
	{
		std::vector<Type> out(1);
		std::size_t at = header_.hdr_len + header_.type_off;
		std::size_t end = at + header_.type_len;
		while (at < end) {
			Type t;
			std::uint32_t info = word(at + 4);
			t.name_off = word(at);
			t.name = string(t.name_off);
			t.kind = info >> 24 & 0x1f;
			t.size = word(at + 8);
			at += 12;
			if (t.kind == BTF_KIND_INT) {
				t.int_data = word(at);
				at += 4;
			} else if (t.kind == BTF_KIND_ARRAY) {
				t.array_type = word(at);
				t.array_index = word(at + 4);
				t.array_elems = word(at + 8);
				at += 12;
			} else if (t.kind == BTF_KIND_STRUCT) {
				for (std::uint32_t i = 0; i < (info & 0xffff); i++, at += 12)
					t.members.push_back({string(word(at)), word(at + 4), word(at + 8)});
			} else {
				ADD_FAILURE() << "unexpected kind " << t.kind;
				break;
			}
			out.push_back(t);
		}
		EXPECT_EQ(at, end) << "types end inside a record";
		return out;
	}

private:
	std::uint32_t word(std::size_t at) const
	{
		std::uint32_t w;
		std::memcpy(&w, blob_.data() + at, sizeof(w));
		return w;
	}

	std::string string(std::uint32_t offset) const
	{
		std::size_t at = header_.hdr_len + header_.str_off + offset;
		EXPECT_LT(offset, header_.str_len);
		return std::string(reinterpret_cast<const char *>(blob_.data() + at));
	}

	const std::vector<std::uint8_t> &blob_;
	btf_header header_;
};

TEST(SpinLockMapBtf, HeaderCoversTypesAndStrings)
{
	SpinLockMapBtf btf = spin_lock_map_btf(BPF_MAP_TYPE_ARRAY, 4, 8);
	BtfReader reader(btf.blob);
	const btf_header &h = reader.header();
	EXPECT_EQ(h.magic, BTF_MAGIC);
	EXPECT_EQ(h.version, BTF_VERSION);
	EXPECT_EQ(h.flags, 0);
	EXPECT_EQ(h.hdr_len, sizeof(btf_header));
	EXPECT_EQ(h.type_off, 0u);
	EXPECT_EQ(h.str_off, h.type_len);
	EXPECT_EQ(btf.blob.size(), h.hdr_len + h.type_len + h.str_len);
	/* The string section starts with the empty name and ends with a NUL. */
	EXPECT_EQ(btf.blob[h.hdr_len + h.str_off], 0);
	EXPECT_EQ(btf.blob.back(), 0);
}

TEST(SpinLockMapBtf, ArrayValueStartsWithTheKernelsSpinLockAndTheKeyIsAU32)
{
	SpinLockMapBtf btf = spin_lock_map_btf(BPF_MAP_TYPE_ARRAY, 4, 24);
	std::vector<Type> types = BtfReader(btf.blob).types();
	ASSERT_EQ(types.size(), 6u);

	ASSERT_LT(btf.value_type_id, types.size());
	const Type &value = types[btf.value_type_id];
	EXPECT_EQ(value.kind, static_cast<std::uint32_t>(BTF_KIND_STRUCT));
	EXPECT_EQ(value.size, 24u);
	ASSERT_EQ(value.members.size(), 2u);
	EXPECT_EQ(value.members[0].name, "lock");
	EXPECT_EQ(value.members[0].bit_offset, 0u);

	/* What btf_find_field() looks for: a struct named bpf_spin_lock of its size. */
	const Type &lock = types.at(value.members[0].type);
	EXPECT_EQ(lock.name, "bpf_spin_lock");
	EXPECT_EQ(lock.kind, static_cast<std::uint32_t>(BTF_KIND_STRUCT));
	EXPECT_EQ(lock.size, sizeof(bpf_spin_lock));

	/* The rest is bytes, right after the lock, to the end of the value. */
	EXPECT_EQ(value.members[1].name, "data");
	EXPECT_EQ(value.members[1].bit_offset, 32u);
	const Type &data = types.at(value.members[1].type);
	EXPECT_EQ(data.kind, static_cast<std::uint32_t>(BTF_KIND_ARRAY));
	EXPECT_EQ(data.name_off, 0u) << "btf_array_check_meta() refuses a named array";
	EXPECT_EQ(data.size, 0u);
	EXPECT_EQ(data.array_elems, 20u);
	const Type &elem = types.at(data.array_type);
	EXPECT_EQ(elem.kind, static_cast<std::uint32_t>(BTF_KIND_INT));
	EXPECT_EQ(elem.size, 1u);
	EXPECT_EQ(BTF_INT_BITS(elem.int_data), 8u);
	EXPECT_EQ(types.at(data.array_index).kind, static_cast<std::uint32_t>(BTF_KIND_INT));

	/* array_map_check_btf(): a 32-bit int at bit offset 0. */
	const Type &key = types.at(btf.key_type_id);
	EXPECT_EQ(key.kind, static_cast<std::uint32_t>(BTF_KIND_INT));
	EXPECT_EQ(key.size, 4u);
	EXPECT_EQ(BTF_INT_BITS(key.int_data), 32u);
	EXPECT_EQ(BTF_INT_OFFSET(key.int_data), 0u);
	EXPECT_EQ(BTF_INT_ENCODING(key.int_data), 0u);
}

TEST(SpinLockMapBtf, HashKeyIsAStructOfTheKeySize)
{
	SpinLockMapBtf btf = spin_lock_map_btf(BPF_MAP_TYPE_HASH, 12, 16);
	std::vector<Type> types = BtfReader(btf.blob).types();
	ASSERT_EQ(types.size(), 7u);
	const Type &key = types.at(btf.key_type_id);
	EXPECT_EQ(key.kind, static_cast<std::uint32_t>(BTF_KIND_STRUCT));
	EXPECT_EQ(key.size, 12u);
	EXPECT_TRUE(key.members.empty());
	EXPECT_EQ(types.at(btf.value_type_id).size, 16u);
	EXPECT_NE(btf.key_type_id, btf.value_type_id);
}

TEST(SpinLockMapBtf, ValueOfOnlyTheLockHasNoDataBytes)
{
	SpinLockMapBtf btf = spin_lock_map_btf(BPF_MAP_TYPE_ARRAY, 4, 4);
	std::vector<Type> types = BtfReader(btf.blob).types();
	const Type &value = types.at(btf.value_type_id);
	ASSERT_EQ(value.members.size(), 1u);
	EXPECT_EQ(value.members[0].name, "lock");
	for (const Type &t : types)
		EXPECT_NE(t.kind, static_cast<std::uint32_t>(BTF_KIND_ARRAY));
}

} // namespace
} // namespace rex
