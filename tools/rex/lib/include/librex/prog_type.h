/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <cstdint>
#include <string>

namespace rex {

/*
 * Short name of an enum bpf_prog_type value, spelled as bpftool and libbpf
 * spell it ("xdp", "kprobe", "sched_cls", ...), so that rex and bpftool
 * output can be compared by eye.  Values this build does not know (a newer
 * kernel) come out as "type:N" rather than being dropped.
 */
std::string prog_type_name(std::uint32_t type);

} // namespace rex
