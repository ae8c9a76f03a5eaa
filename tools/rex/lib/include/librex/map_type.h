/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <cstdint>
#include <string>

namespace rex {

/*
 * Short name of an enum bpf_map_type value, as bpftool spells it ("hash",
 * "array", "ringbuf", ...); unknown values come out as "type:N".
 */
std::string map_type_name(std::uint32_t type);

} // namespace rex
