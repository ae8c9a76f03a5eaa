/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Objects pinned on a bpffs.  BPF_OBJ_GET hands back an fd for whatever is
 * pinned at a path, and BPF_OBJ_GET_INFO_BY_FD answers for programs, maps
 * and links alike, so the kind is read from the fd's anon inode name
 * (/proc/self/fd/N -> "anon_inode:bpf-prog") before the fd is trusted.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <string>
#include <string_view>

namespace rex {

enum class BpfObjectKind { program, map, link, other };

/* "program", "map", "link", "something else": for messages. */
std::string_view bpf_object_kind_name(BpfObjectKind kind);

/* The kind of an fd from its /proc/self/fd link, e.g. "anon_inode:bpf-map". */
BpfObjectKind bpf_object_kind_from_fd_link(std::string_view fd_link);
/* The kind of fd; fails without /proc. */
Result<BpfObjectKind> bpf_object_kind(int fd);

/* BPF_OBJ_GET of path, EINVAL ("<path> is a pinned map, not a link") unless it is expected. */
Result<UniqueFd> open_pinned(const std::string &path, BpfObjectKind expected);

} // namespace rex
