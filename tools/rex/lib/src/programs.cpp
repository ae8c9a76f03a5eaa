// SPDX-License-Identifier: GPL-2.0
#include <librex/programs.h>

#include <librex/bpf_syscall.h>
#include <librex/hex.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace rex {

ProgramInfo program_info_from_kernel(const bpf_prog_info &info)
{
	ProgramInfo prog;
	prog.id = info.id;
	prog.type = info.type;
	/* The kernel NUL-terminates names, but do not trust a fixed array. */
	prog.name.assign(info.name, strnlen(info.name, sizeof(info.name)));
	std::copy(std::begin(info.tag), std::end(info.tag), prog.tag.begin());
	/* The kernel reports a JIT image length only for JITed programs. */
	prog.jited = info.jited_prog_len > 0;
	prog.run_time_ns = info.run_time_ns;
	prog.run_cnt = info.run_cnt;
	return prog;
}

std::string tag_to_hex(const ProgTag &tag)
{
	return to_hex(tag);
}

namespace {

/* Info for one id, or std::nullopt if the program is gone by now. */
Result<std::optional<ProgramInfo>> program_info_by_id(std::uint32_t id)
{
	Result<UniqueFd> fd = bpf::prog_get_fd_by_id(id);
	if (!fd) {
		if (fd.error().code() == ENOENT)
			return std::optional<ProgramInfo>();
		return fd.release_error();
	}
	bpf_prog_info info = REX_TRY(bpf::prog_get_info_by_fd(fd.value().get()));
	return std::optional<ProgramInfo>(program_info_from_kernel(info));
}

} // namespace

Result<std::vector<ProgramInfo>> list_programs()
{
	std::vector<ProgramInfo> programs;
	std::uint32_t id = 0;

	for (;;) {
		std::optional<std::uint32_t> next = REX_TRY(bpf::prog_get_next_id(id));
		if (!next)
			break;
		id = *next;

		std::optional<ProgramInfo> prog = REX_TRY(program_info_by_id(id));
		if (prog)
			programs.push_back(std::move(*prog));
	}
	return programs;
}

} // namespace rex
