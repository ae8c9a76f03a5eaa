// SPDX-License-Identifier: GPL-2.0
#include <librex/maps.h>

#include <librex/bpf_syscall.h>
#include <librex/file_io.h>
#include <librex/perf_event.h>
#include <librex/pinned.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rex {

MapInfo map_info_from_kernel(const bpf_map_info &info)
{
	MapInfo map;
	map.id = info.id;
	map.type = info.type;
	map.name = std::string(info.name, strnlen(info.name, sizeof(info.name)));
	map.key_size = info.key_size;
	map.value_size = info.value_size;
	map.max_entries = info.max_entries;
	map.flags = info.map_flags;
	return map;
}

Result<PinnedMap> open_pinned_map(const std::string &path)
{
	PinnedMap map;
	map.fd = REX_TRY(open_pinned(path, BpfObjectKind::map));
	map.info = map_info_from_kernel(REX_TRY(bpf::map_get_info_by_fd(map.fd.get())));
	return map;
}

bool is_percpu_map_type(std::uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return true;
	default:
		return false;
	}
}

std::size_t percpu_value_stride(std::uint32_t value_size)
{
	return (std::size_t(value_size) + 7) / 8 * 8;
}

std::size_t lookup_value_size(const MapInfo &info, std::size_t possible_cpus)
{
	if (is_percpu_map_type(info.type))
		return percpu_value_stride(info.value_size) * possible_cpus;
	return info.value_size;
}

std::vector<std::span<const std::uint8_t>> percpu_values(std::span<const std::uint8_t> buffer,
							  std::uint32_t value_size, std::size_t cpus)
{
	std::size_t stride = percpu_value_stride(value_size);
	std::vector<std::span<const std::uint8_t>> values;
	for (std::size_t cpu = 0; cpu < cpus && (cpu + 1) * stride <= buffer.size(); cpu++)
		values.push_back(buffer.subspan(cpu * stride, value_size));
	return values;
}

std::vector<std::uint8_t> replicate_percpu_value(std::span<const std::uint8_t> value, std::size_t cpus)
{
	std::size_t stride = percpu_value_stride(static_cast<std::uint32_t>(value.size()));
	std::vector<std::uint8_t> buffer(stride * cpus, 0);
	for (std::size_t cpu = 0; cpu < cpus; cpu++)
		std::copy(value.begin(), value.end(), buffer.begin() + static_cast<std::ptrdiff_t>(cpu * stride));
	return buffer;
}

Result<std::vector<std::uint32_t>> read_possible_cpus()
{
	std::vector<std::uint8_t> text = REX_TRY(read_file(possible_cpus_path));
	return perf::parse_cpu_list(std::string_view(reinterpret_cast<const char *>(text.data()), text.size()));
}

Result<std::vector<MapEntry>> map_entries(int map_fd, const MapInfo &info, std::size_t value_size)
{
	std::vector<MapEntry> entries;
	std::vector<std::uint8_t> key(info.key_size);
	std::vector<std::uint8_t> next(info.key_size);
	bpf::MapKey after = std::nullopt;
	while (entries.size() < info.max_entries) {
		if (!REX_TRY(bpf::map_get_next_key(map_fd, after, next)))
			break;
		key = next; /* the same size: after keeps pointing into key */
		after = std::span<const std::uint8_t>(key);

		MapEntry entry{key, std::vector<std::uint8_t>(value_size)};
		Result<void> found = bpf::map_lookup_elem(map_fd, after, entry.value);
		if (!found) {
			/* Deleted since the walk reached it. */
			if (found.error().code() == ENOENT)
				continue;
			return found.release_error();
		}
		entries.push_back(std::move(entry));
	}
	return entries;
}

} // namespace rex
