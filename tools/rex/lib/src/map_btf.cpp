// SPDX-License-Identifier: GPL-2.0
/* BTF for maps with a spin lock in their values; see map_btf.h. */
#include <librex/map_btf.h>

#include <linux/bpf.h>
#include <linux/btf.h>

#include <cstring>
#include <string>
#include <string_view>

namespace rex {

namespace {

/* Appends types and strings; string offsets are into the string section. */
class BtfWriter {
public:
	BtfWriter() { strings_.push_back('\0'); }

	/* The empty name is offset 0: anonymous types (an array) must have name_off 0. */
	std::uint32_t string(std::string_view s)
	{
		if (s.empty())
			return 0;
		auto offset = static_cast<std::uint32_t>(strings_.size());
		strings_.insert(strings_.end(), s.begin(), s.end());
		strings_.push_back('\0');
		return offset;
	}

	/* A type's first word triple; returns its id (ids start at 1). */
	std::uint32_t type(std::string_view name, std::uint32_t kind, std::uint32_t vlen, std::uint32_t size)
	{
		word(string(name));
		word(kind << 24 | vlen);
		word(size);
		return ++types_;
	}

	void member(std::string_view name, std::uint32_t type, std::uint32_t bit_offset)
	{
		word(string(name));
		word(type);
		word(bit_offset);
	}

	void word(std::uint32_t w)
	{
		const auto *bytes = reinterpret_cast<const std::uint8_t *>(&w);
		type_data_.insert(type_data_.end(), bytes, bytes + sizeof(w));
	}

	std::vector<std::uint8_t> blob() const
	{
		btf_header header;
		std::memset(&header, 0, sizeof(header));
		header.magic = BTF_MAGIC;
		header.version = BTF_VERSION;
		header.hdr_len = sizeof(header);
		header.type_off = 0;
		header.type_len = static_cast<std::uint32_t>(type_data_.size());
		header.str_off = header.type_len;
		header.str_len = static_cast<std::uint32_t>(strings_.size());

		std::vector<std::uint8_t> out(sizeof(header));
		std::memcpy(out.data(), &header, sizeof(header));
		out.insert(out.end(), type_data_.begin(), type_data_.end());
		out.insert(out.end(), strings_.begin(), strings_.end());
		return out;
	}

private:
	std::vector<std::uint8_t> type_data_;
	std::vector<std::uint8_t> strings_;
	std::uint32_t types_ = 0;
};

} // namespace

SpinLockMapBtf spin_lock_map_btf(std::uint32_t map_type, std::uint32_t key_size, std::uint32_t value_size)
{
	BtfWriter w;
	SpinLockMapBtf out;

	constexpr std::uint32_t lock_size = sizeof(bpf_spin_lock);
	bool has_data = value_size > lock_size;

	std::uint32_t u32 = w.type("u32", BTF_KIND_INT, 0, 4);
	w.word(32); /* unsigned, bit offset 0, 32 bits */
	std::uint32_t u8 = w.type("u8", BTF_KIND_INT, 0, 1);
	w.word(8);
	std::uint32_t lock = w.type("bpf_spin_lock", BTF_KIND_STRUCT, 1, lock_size);
	w.member("val", u32, 0);
	std::uint32_t bytes = 0;
	if (has_data) {
		bytes = w.type("", BTF_KIND_ARRAY, 0, 0);
		w.word(u8);                     /* element type */
		w.word(u32);                    /* index type */
		w.word(value_size - lock_size); /* elements */
	}
	out.value_type_id = w.type("rex_value", BTF_KIND_STRUCT, has_data ? 2 : 1, value_size);
	w.member("lock", lock, 0);
	if (has_data)
		w.member("data", bytes, lock_size * 8);
	/* An array map's key must be a 32-bit int (array_map_check_btf). */
	if (map_type == BPF_MAP_TYPE_ARRAY && key_size == 4)
		out.key_type_id = u32;
	else
		out.key_type_id = w.type("rex_key", BTF_KIND_STRUCT, 0, key_size);
	out.blob = w.blob();
	return out;
}

} // namespace rex
