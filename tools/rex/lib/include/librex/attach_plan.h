/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What `rex run` attaches: one action per program of an image, from the
 * attach_target of its descriptor (the convention in attach_target.h) or
 * from an override on the command line.  Pure, so that the plan can be
 * checked, and shown, before anything is loaded.
 */

#include <librex/attach_target.h>
#include <librex/image.h>
#include <librex/result.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

struct AttachAction {
	std::string program; /* the descriptor's name */
	AttachTarget target;
};

/* --target PROG=TARGET: TARGET replaces the descriptor's attach_target. */
struct TargetOverride {
	std::string program;
	std::string target;
};

/* "PROG=TARGET"; EINVAL without '=' or with an empty PROG. */
Result<TargetOverride> parse_target_override(std::string_view text);

/*
 * One action per program, in .rex.progs order.  The first problem is the
 * error, its message starting with "program 'NAME' (TYPE): ": ENOENT for
 * an override naming no program, EINVAL for a target that does not fit,
 * ENOTSUP for a program type rex cannot attach.
 */
Result<std::vector<AttachAction>> plan_attach(std::span<const ProgramDesc> programs,
					      std::span<const TargetOverride> overrides);

} // namespace rex
