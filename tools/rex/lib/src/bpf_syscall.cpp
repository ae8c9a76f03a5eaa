// SPDX-License-Identifier: GPL-2.0
#include <librex/bpf_syscall.h>

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

	union bpf_attr attr = zeroed_attr();
	attr.info.bpf_fd = static_cast<std::uint32_t>(prog_fd);
	attr.info.info_len = sizeof(info);
	attr.info.info = ptr_to_u64(&info);

	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)) < 0) {
		int err = errno;
		return Error::from_errno(err, "BPF_OBJ_GET_INFO_BY_FD for program fd " + std::to_string(prog_fd));
	}
	return info;
}

} // namespace rex::bpf
