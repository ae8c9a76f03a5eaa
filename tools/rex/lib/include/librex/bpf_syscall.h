/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Thin wrappers over the raw bpf(2) system call, one per command.  They fill
 * in union bpf_attr, call the kernel and turn -1/errno into an Error naming
 * the command; policy (skipping vanished programs, ...) is left to callers.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <linux/bpf.h>

#include <cstdint>
#include <optional>

namespace rex::bpf {

/* Raw bpf(2): returns what the kernel returned, errno set on -1. */
long sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size);

/*
 * BPF_PROG_GET_NEXT_ID: the smallest program id greater than start_id, or
 * std::nullopt when there is none (the kernel's ENOENT ends the walk).
 */
Result<std::optional<std::uint32_t>> prog_get_next_id(std::uint32_t start_id);

/* BPF_PROG_GET_FD_BY_ID: ENOENT if the program was unloaded meanwhile. */
Result<UniqueFd> prog_get_fd_by_id(std::uint32_t id);

/* BPF_OBJ_GET_INFO_BY_FD for a program fd: the fixed-size part of the info. */
Result<bpf_prog_info> prog_get_info_by_fd(int prog_fd);

} // namespace rex::bpf
