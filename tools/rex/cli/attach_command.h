/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * `rex attach` and `rex detach`: attach a loaded program through a BPF
 * link (link.h) that is pinned, so that it stays attached after rex exits;
 * unpin the link to detach.
 */

#include "args.h"

#include <librex/link.h>
#include <librex/result.h>
#include <librex/unique_fd.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace rex::cli {

/* The program a ProgramRef names: BPF_PROG_GET_FD_BY_ID or BPF_OBJ_GET. */
Result<UniqueFd> open_program(const ProgramRef &ref);

/* What to do about a failed attach to target; empty when nothing helps. */
std::string attach_error_hint(const AttachTarget &target, int code);

/* "detached link 7 (xdp) of program 12: unpinned <path>" */
std::string format_detached(const UnpinnedLink &link);

int run_attach(const AttachOptions &options, std::FILE *out, std::FILE *err);
int run_detach(const DetachOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
