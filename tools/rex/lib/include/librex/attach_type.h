/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <cstdint>

#include <optional>
#include <string>

namespace rex {

/*
 * Short name of an enum bpf_attach_type value, as libbpf spells it
 * ("cgroup_inet_ingress", "trace_fentry", "xdp", ...); unknown values come
 * out as "attach:N".
 */
std::string attach_type_name(std::uint32_t type);

/*
 * The expected attach type a program declares, or nullopt when it is 0 and
 * the program type ignores it at load (kprobe, tracepoint, perf_event, XDP,
 * TC, ...): there 0 means "none", not BPF_CGROUP_INET_INGRESS.
 */
std::optional<std::string> expected_attach_type_name(std::uint32_t prog_type, std::uint32_t attach_type);

} // namespace rex
