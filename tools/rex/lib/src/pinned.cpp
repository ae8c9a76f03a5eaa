// SPDX-License-Identifier: GPL-2.0
#include <librex/pinned.h>

#include <librex/bpf_syscall.h>

#include <array>
#include <cerrno>

#include <unistd.h>

namespace rex {

std::string_view bpf_object_kind_name(BpfObjectKind kind)
{
	switch (kind) {
	case BpfObjectKind::program:
		return "program";
	case BpfObjectKind::map:
		return "map";
	case BpfObjectKind::link:
		return "link";
	case BpfObjectKind::other:
		break;
	}
	return "something else";
}

BpfObjectKind bpf_object_kind_from_fd_link(std::string_view fd_link)
{
	if (fd_link == "anon_inode:bpf-prog")
		return BpfObjectKind::program;
	if (fd_link == "anon_inode:bpf-map")
		return BpfObjectKind::map;
	/* BPF_OBJ_GET names a link "bpf-link", BPF_LINK_CREATE "bpf_link". */
	if (fd_link == "anon_inode:bpf-link" || fd_link == "anon_inode:bpf_link")
		return BpfObjectKind::link;
	return BpfObjectKind::other;
}

Result<BpfObjectKind> bpf_object_kind(int fd)
{
	std::string proc = "/proc/self/fd/" + std::to_string(fd);
	std::array<char, 64> target{};
	ssize_t len = ::readlink(proc.c_str(), target.data(), target.size() - 1);
	if (len < 0)
		return Error::from_errno(errno, "readlink " + proc + " (is /proc mounted?)");
	return bpf_object_kind_from_fd_link(std::string_view(target.data(), static_cast<std::size_t>(len)));
}

Result<UniqueFd> open_pinned(const std::string &path, BpfObjectKind expected)
{
	UniqueFd fd = REX_TRY(bpf::obj_get(path));
	BpfObjectKind kind = REX_TRY(bpf_object_kind(fd.get()));
	if (kind != expected)
		return Error(EINVAL, path + " is a pinned " + std::string(bpf_object_kind_name(kind)) + ", not a " +
					     std::string(bpf_object_kind_name(expected)));
	return fd;
}

} // namespace rex
