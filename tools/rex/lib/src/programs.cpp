// SPDX-License-Identifier: GPL-2.0
#include <librex/programs.h>

#include <librex/bpf_syscall.h>
#include <librex/file_io.h>
#include <librex/hex.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace rex {

std::string_view program_kind_name(ProgramKind kind)
{
	return kind == ProgramKind::rex ? "rex" : "ebpf";
}

bool may_be_rex(const bpf_prog_info &info)
{
	return info.jited_prog_len == 0 && info.xlated_prog_len == bpf::rex_placeholder_insns().size_bytes();
}

ProgramKind classify_program(const bpf_prog_info &info, std::span<const bpf_insn> xlated)
{
	std::span<const bpf_insn> placeholder = bpf::rex_placeholder_insns();
	if (!may_be_rex(info) || xlated.size() < placeholder.size())
		return ProgramKind::ebpf;
	for (std::size_t i = 0; i < placeholder.size(); i++) {
		const bpf_insn &a = xlated[i];
		const bpf_insn &b = placeholder[i];
		if (a.code != b.code || a.dst_reg != b.dst_reg || a.src_reg != b.src_reg || a.off != b.off ||
		    a.imm != b.imm)
			return ProgramKind::ebpf;
	}
	return ProgramKind::rex;
}

ProgramInfo program_info_from_kernel(const bpf_prog_info &info, std::span<const bpf_insn> xlated)
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
	prog.kind = classify_program(info, xlated);
	return prog;
}

void apply_runtime_status(std::span<ProgramInfo> programs, std::span<const RuntimeStatus> statuses)
{
	for (ProgramInfo &prog : programs) {
		const RuntimeStatus *status = find_runtime_status(statuses, prog.id);
		prog.kind = status ? ProgramKind::rex : ProgramKind::ebpf;
		prog.runtime = status ? std::optional<RuntimeStatus>(*status) : std::nullopt;
	}
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
	/* Only a possible Rex program needs a second look, at its instructions. */
	std::array<bpf_insn, 2> xlated{};
	std::size_t count = 0;
	if (may_be_rex(info))
		count = REX_TRY(bpf::prog_get_xlated_insns(fd.value().get(), xlated));
	return std::optional<ProgramInfo>(program_info_from_kernel(info, std::span(xlated).first(count)));
}

} // namespace

Result<bool> bpf_stats_sysctl_enabled()
{
	std::vector<std::uint8_t> text = REX_TRY(read_file(bpf_stats_sysctl_path));
	return !text.empty() && text[0] != '0';
}

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

	Result<std::vector<RuntimeStatus>> statuses = read_runtime_status();
	if (statuses)
		apply_runtime_status(programs, statuses.value());
	else if (statuses.error().code() != ENOENT)
		return statuses.release_error();
	return programs;
}

} // namespace rex
