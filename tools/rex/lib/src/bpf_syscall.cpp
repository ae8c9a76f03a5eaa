// SPDX-License-Identifier: GPL-2.0
#include <librex/bpf_syscall.h>

#include <librex/attach_type.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include <sys/syscall.h>
#include <unistd.h>

namespace rex::bpf {

namespace {

/*
 * The kernel rejects non-zero bytes in the parts of bpf_attr a command does
 * not use, so every attr starts fully zeroed (including padding).
 */
union bpf_attr zeroed_attr()
{
	union bpf_attr attr;
	std::memset(&attr, 0, sizeof(attr));
	return attr;
}

std::uint64_t ptr_to_u64(const void *ptr)
{
	return reinterpret_cast<std::uintptr_t>(ptr);
}

/* BPF_OBJ_GET_INFO_BY_FD into @info, which the caller prepared: 0 or errno. */
int obj_get_info(int fd, void *info, std::uint32_t len)
{
	union bpf_attr attr = zeroed_attr();
	attr.info.bpf_fd = static_cast<std::uint32_t>(fd);
	attr.info.info_len = len;
	attr.info.info = ptr_to_u64(info);
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)) < 0 ? errno : 0;
}

} // namespace

long sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size)
{
	return ::syscall(__NR_bpf, cmd, attr, size);
}

Result<std::optional<std::uint32_t>> prog_get_next_id(std::uint32_t start_id)
{
	union bpf_attr attr = zeroed_attr();
	attr.start_id = start_id;

	if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr)) < 0) {
		int err = errno;
		if (err == ENOENT)
			return std::optional<std::uint32_t>();
		return Error::from_errno(err, "BPF_PROG_GET_NEXT_ID after id " + std::to_string(start_id));
	}
	return std::optional<std::uint32_t>(attr.next_id);
}

Result<UniqueFd> prog_get_fd_by_id(std::uint32_t id)
{
	union bpf_attr attr = zeroed_attr();
	attr.prog_id = id;

	long fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_PROG_GET_FD_BY_ID for program " + std::to_string(id));
	}
	return UniqueFd(static_cast<int>(fd));
}

Result<bpf_prog_info> prog_get_info_by_fd(int prog_fd)
{
	/*
	 * All pointer/length pairs stay zero: we ask only for the fixed
	 * fields, not for instructions, map ids or line info.
	 */
	bpf_prog_info info;
	std::memset(&info, 0, sizeof(info));

	if (int err = obj_get_info(prog_fd, &info, sizeof(info)))
		return Error::from_errno(err, "BPF_OBJ_GET_INFO_BY_FD for program fd " + std::to_string(prog_fd));
	return info;
}

namespace {

/* Copies a name into a fixed bpf_attr array, always NUL-terminated. */
template <std::size_t N>
void copy_name(char (&field)[N], std::string_view name)
{
	std::size_t len = std::min(name.size(), N - 1);
	std::memcpy(field, name.data(), len);
	field[len] = '\0';
}

constexpr bpf_insn placeholder_insns[] = {
	{BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0}, /* r0 = 0 */
	{BPF_JMP | BPF_EXIT, 0, 0, 0, 0},          /* exit */
};

constexpr char license[] = "GPL";

} // namespace

union bpf_attr map_create_attr(const MapCreateParams &params)
{
	union bpf_attr attr = zeroed_attr();
	attr.map_type = params.map_type;
	attr.key_size = params.key_size;
	attr.value_size = params.value_size;
	attr.max_entries = params.max_entries;
	attr.map_flags = params.map_flags;
	copy_name(attr.map_name, params.name);
	if (params.btf_fd >= 0) {
		attr.btf_fd = static_cast<std::uint32_t>(params.btf_fd);
		attr.btf_key_type_id = params.btf_key_type_id;
		attr.btf_value_type_id = params.btf_value_type_id;
	}
	return attr;
}

Result<UniqueFd> map_create(const MapCreateParams &params)
{
	union bpf_attr attr = map_create_attr(params);
	long fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_MAP_CREATE of map '" + std::string(params.name) + "'");
	}
	return UniqueFd(static_cast<int>(fd));
}

namespace {

long btf_load_attempt(std::span<const std::uint8_t> blob, std::string *log)
{
	union bpf_attr attr = zeroed_attr();
	attr.btf = ptr_to_u64(blob.data());
	attr.btf_size = static_cast<std::uint32_t>(blob.size());
	if (log) {
		attr.btf_log_buf = ptr_to_u64(log->data());
		attr.btf_log_size = static_cast<std::uint32_t>(log->size());
		attr.btf_log_level = 1;
	}
	return sys_bpf(BPF_BTF_LOAD, &attr, sizeof(attr));
}

} // namespace

/* Without a log first (the kernel fills it even on success); again with one to say why it failed. */
Result<UniqueFd> btf_load(std::span<const std::uint8_t> blob)
{
	long fd = btf_load_attempt(blob, nullptr);
	if (fd >= 0)
		return UniqueFd(static_cast<int>(fd));
	int err = errno;
	std::string log(16384, '\0');
	if (long again = btf_load_attempt(blob, &log); again >= 0) {
		UniqueFd discard(static_cast<int>(again)); /* not expected: the same input */
		log.clear();
	}
	log.resize(std::strlen(log.c_str()));
	while (!log.empty() && log.back() == '\n')
		log.pop_back();
	return Error::from_errno(err, "BPF_BTF_LOAD" + (log.empty() ? std::string() : ": " + log));
}

Result<bpf_map_info> map_get_info_by_fd(int map_fd)
{
	bpf_map_info info;
	std::memset(&info, 0, sizeof(info));

	if (int err = obj_get_info(map_fd, &info, sizeof(info)))
		return Error::from_errno(err, "BPF_OBJ_GET_INFO_BY_FD for map fd " + std::to_string(map_fd));
	return info;
}

union bpf_attr map_elem_attr(int map_fd, MapKey key, const void *value, std::uint64_t flags)
{
	union bpf_attr attr = zeroed_attr();
	attr.map_fd = static_cast<std::uint32_t>(map_fd);
	attr.key = key ? ptr_to_u64(key->data()) : 0;
	attr.value = ptr_to_u64(value);
	attr.flags = flags;
	return attr;
}

namespace {

Result<void> map_elem_command(enum bpf_cmd cmd, const char *name, union bpf_attr attr)
{
	if (sys_bpf(cmd, &attr, sizeof(attr)) < 0) {
		int err = errno;
		return Error::from_errno(err, name);
	}
	return {};
}

} // namespace

Result<void> map_lookup_elem(int map_fd, MapKey key, std::span<std::uint8_t> value)
{
	return map_elem_command(BPF_MAP_LOOKUP_ELEM, "BPF_MAP_LOOKUP_ELEM",
				map_elem_attr(map_fd, key, value.data(), 0));
}

Result<void> map_update_elem(int map_fd, MapKey key, std::span<const std::uint8_t> value, std::uint64_t flags)
{
	return map_elem_command(BPF_MAP_UPDATE_ELEM, "BPF_MAP_UPDATE_ELEM",
				map_elem_attr(map_fd, key, value.data(), flags));
}

Result<void> map_delete_elem(int map_fd, std::span<const std::uint8_t> key)
{
	return map_elem_command(BPF_MAP_DELETE_ELEM, "BPF_MAP_DELETE_ELEM", map_elem_attr(map_fd, key, nullptr, 0));
}

Result<void> map_lookup_and_delete_elem(int map_fd, MapKey key, std::span<std::uint8_t> value)
{
	return map_elem_command(BPF_MAP_LOOKUP_AND_DELETE_ELEM, "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
				map_elem_attr(map_fd, key, value.data(), 0));
}

Result<bool> map_get_next_key(int map_fd, MapKey key, std::span<std::uint8_t> next)
{
	/* next_key shares its slot in bpf_attr with value. */
	union bpf_attr attr = map_elem_attr(map_fd, key, next.data(), 0);
	if (sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr, sizeof(attr)) < 0) {
		int err = errno;
		if (err == ENOENT)
			return false;
		return Error::from_errno(err, "BPF_MAP_GET_NEXT_KEY");
	}
	return true;
}

Result<void> obj_pin(int fd, const std::string &path)
{
	union bpf_attr attr = zeroed_attr();
	attr.pathname = ptr_to_u64(path.c_str());
	attr.bpf_fd = static_cast<std::uint32_t>(fd);
	if (sys_bpf(BPF_OBJ_PIN, &attr, sizeof(attr)) < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_OBJ_PIN at " + path);
	}
	return {};
}

Result<UniqueFd> obj_get(const std::string &path)
{
	union bpf_attr attr = zeroed_attr();
	attr.pathname = ptr_to_u64(path.c_str());
	long fd = sys_bpf(BPF_OBJ_GET, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_OBJ_GET of " + path);
	}
	return UniqueFd(static_cast<int>(fd));
}

Result<std::size_t> prog_get_xlated_insns(int prog_fd, std::span<bpf_insn> insns)
{
	bpf_prog_info info;
	std::memset(&info, 0, sizeof(info));
	info.xlated_prog_len = static_cast<std::uint32_t>(insns.size_bytes());
	info.xlated_prog_insns = ptr_to_u64(insns.data());

	if (int err = obj_get_info(prog_fd, &info, sizeof(info)))
		return Error::from_errno(err, "BPF_OBJ_GET_INFO_BY_FD (xlated instructions) for program fd " +
						      std::to_string(prog_fd));
	/* The kernel reports the full length and copies what fits. */
	if (info.xlated_prog_insns == 0)
		return std::size_t(0);
	return std::min<std::size_t>(info.xlated_prog_len, insns.size_bytes()) / sizeof(bpf_insn);
}

union bpf_attr link_create_attr(const LinkCreateParams &params)
{
	union bpf_attr attr = zeroed_attr();
	attr.link_create.prog_fd = static_cast<std::uint32_t>(params.prog_fd);
	attr.link_create.target_fd = params.target;
	attr.link_create.attach_type = params.attach_type;
	attr.link_create.flags = params.flags;
	return attr;
}

Result<UniqueFd> link_create(const LinkCreateParams &params)
{
	union bpf_attr attr = link_create_attr(params);
	long fd = sys_bpf(BPF_LINK_CREATE, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_LINK_CREATE (" + attach_type_name(params.attach_type) +
						      ") of program fd " + std::to_string(params.prog_fd));
	}
	return UniqueFd(static_cast<int>(fd));
}

Result<bpf_link_info> link_get_info_by_fd(int link_fd)
{
	bpf_link_info info;
	std::memset(&info, 0, sizeof(info));

	if (int err = obj_get_info(link_fd, &info, sizeof(info)))
		return Error::from_errno(err, "BPF_OBJ_GET_INFO_BY_FD for link fd " + std::to_string(link_fd));
	return info;
}

Result<UniqueFd> enable_run_time_stats()
{
	union bpf_attr attr = zeroed_attr();
	attr.enable_stats.type = BPF_STATS_RUN_TIME;
	long fd = sys_bpf(BPF_ENABLE_STATS, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_ENABLE_STATS(BPF_STATS_RUN_TIME)");
	}
	return UniqueFd(static_cast<int>(fd));
}

std::span<const bpf_insn> rex_placeholder_insns()
{
	return placeholder_insns;
}

RexProgLoadAttr rex_prog_load_attr(const RexProgLoadParams &params)
{
	RexProgLoadAttr attr;
	std::memset(&attr, 0, sizeof(attr));
	attr.prog_type = params.prog_type;
	attr.expected_attach_type = params.expected_attach_type;
	attr.prog_flags = prog_flag_rex;
	copy_name(attr.prog_name, params.name);
	attr.insns = ptr_to_u64(placeholder_insns);
	attr.insn_cnt = std::size(placeholder_insns);
	attr.license = ptr_to_u64(license);
	if (!params.log.empty()) {
		attr.log_buf = ptr_to_u64(params.log.data());
		attr.log_size = static_cast<std::uint32_t>(params.log.size());
		attr.log_level = 1;
	}
	if (!params.map_fds.empty())
		attr.fd_array = ptr_to_u64(params.map_fds.data());
	attr.rex_prog_index = params.prog_index;
	attr.rex_image = ptr_to_u64(params.image.data());
	attr.rex_image_size = static_cast<std::uint32_t>(params.image.size());
	attr.rex_flags = params.rex_flags;
	return attr;
}

Result<UniqueFd> rex_prog_load(const RexProgLoadParams &params)
{
	RexProgLoadAttr attr = rex_prog_load_attr(params);
	if (!params.log.empty())
		params.log[0] = '\0';
	long fd = ::syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_PROG_LOAD of program '" + std::string(params.name) + "'");
	}
	return UniqueFd(static_cast<int>(fd));
}

} // namespace rex::bpf
