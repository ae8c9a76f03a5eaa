/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * BTF for a map whose values start with a struct bpf_spin_lock
 * (REX_MAP_F_SPIN_LOCK). The kernel finds a map value's special fields in
 * the BTF given at BPF_MAP_CREATE; with this one it knows the lock word,
 * so its copies of whole values leave it alone and BPF_F_LOCK works from
 * user space. The rest of the value is described as bytes, so that
 * bpftool shows them.
 */

#include <cstdint>
#include <vector>

namespace rex {

struct SpinLockMapBtf {
	std::vector<std::uint8_t> blob; /* the BTF_LOAD input: header, types, strings */
	std::uint32_t key_type_id = 0;
	std::uint32_t value_type_id = 0;
};

/*
 * The types, in order: [1] int u32, [2] int u8, [3] struct bpf_spin_lock
 * { u32 val; }, [4] u8[value_size - 4], [5] struct rex_value of value_size
 * bytes { struct bpf_spin_lock lock; u8 data[value_size - 4]; } and,
 * unless the key is an array map's u32 index, [6] struct rex_key of
 * key_size bytes with no members. (Without data bytes, [4] is left out
 * and rex_value has the lock only.)
 */
SpinLockMapBtf spin_lock_map_btf(std::uint32_t map_type, std::uint32_t key_size, std::uint32_t value_size);

} // namespace rex
