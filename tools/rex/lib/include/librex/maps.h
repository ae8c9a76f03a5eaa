/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The maps of the running kernel as user space sees them: what a map is
 * (bpf_map_info), its entries as bytes, and the layout of per-CPU values.
 * A lookup of a per-CPU map returns one value per possible CPU, each in a
 * slot of value_size rounded up to 8 bytes (the kernel's
 * bpf_percpu_*_copy()), in the order of the CPU numbers in
 * /sys/devices/system/cpu/possible.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <linux/bpf.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rex {

struct MapInfo {
	std::uint32_t id = 0;
	std::uint32_t type = 0; /* enum bpf_map_type; kept numeric for newer kernels */
	std::string name;
	std::uint32_t key_size = 0;
	std::uint32_t value_size = 0;
	std::uint32_t max_entries = 0;
	std::uint32_t flags = 0;
};

MapInfo map_info_from_kernel(const bpf_map_info &info);

/* A map opened through its pinned path, with what the kernel says it is. */
struct PinnedMap {
	UniqueFd fd;
	MapInfo info;
};

/* BPF_OBJ_GET of path, EINVAL unless a map is pinned there (pinned.h), and its info. */
Result<PinnedMap> open_pinned_map(const std::string &path);

/* percpu_array, percpu_hash, lru_percpu_hash, percpu_cgroup_storage. */
bool is_percpu_map_type(std::uint32_t type);
/* The slot of one CPU's value in a per-CPU lookup: value_size rounded up to 8. */
std::size_t percpu_value_stride(std::uint32_t value_size);
/* The bytes a lookup returns: value_size, or one slot per possible CPU for per-CPU maps. */
std::size_t lookup_value_size(const MapInfo &info, std::size_t possible_cpus);

/* The values of a per-CPU lookup buffer, one per CPU slot, value_size bytes each. */
std::vector<std::span<const std::uint8_t>> percpu_values(std::span<const std::uint8_t> buffer,
							  std::uint32_t value_size, std::size_t cpus);
/* The buffer that sets every CPU's value of a per-CPU map to value. */
std::vector<std::uint8_t> replicate_percpu_value(std::span<const std::uint8_t> value, std::size_t cpus);

/* The possible CPUs, in order (the CPU list parser is perf::parse_cpu_list()). */
inline constexpr const char *possible_cpus_path = "/sys/devices/system/cpu/possible";
Result<std::vector<std::uint32_t>> read_possible_cpus();

struct MapEntry {
	std::vector<std::uint8_t> key;
	std::vector<std::uint8_t> value; /* lookup_value_size() bytes */
};

/*
 * Every entry of a keyed map, in the kernel's key order, each value
 * value_size bytes (lookup_value_size()).  An entry deleted during the
 * walk is left out; since the kernel restarts a hash walk whose key
 * vanished, the walk stops after max_entries entries, as many as the map
 * can hold.
 */
Result<std::vector<MapEntry>> map_entries(int map_fd, const MapInfo &info, std::size_t value_size);

} // namespace rex
