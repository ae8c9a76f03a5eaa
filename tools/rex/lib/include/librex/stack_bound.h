/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The worst-case stack use of a program, from its object file: each
 * function's frame from clang's -fstack-size-section, the direct calls
 * between functions from the relocations of the code.  The bound of an
 * entry is the deepest path from it: the sum of frame + return address of
 * every function on the path.  Calls to imports (BPF helpers, the Rex
 * runtime) do not count: the kernel keeps room for them beside the
 * program's budget.
 *
 * The bound is dynamic (checked at run time) when it cannot be known:
 * recursion, a function whose address is taken (so indirect calls), or a
 * function without a recorded frame size (dynamic allocation).
 */

#include <librex/elf_object.h>
#include <librex/result.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rex {

/* One function's frame, as -fstack-size-section records it (without the return address). */
struct FunctionFrame {
	std::string function; /* demangled */
	std::uint64_t bytes = 0;
};

struct StackBound {
	/* Worst-case bytes over all entries; nullopt: dynamic. */
	std::optional<std::uint32_t> bytes;
	/* Why it is dynamic, e.g. "recursion: f() -> g() -> f()"; else empty. */
	std::string dynamic_reason;
	/* The deepest path, entry first (demangled); empty when dynamic. */
	std::vector<std::string> deepest_path;
};

/* ENOEXEC if an entry is not a function of the object or .stack_sizes is malformed. */
Result<StackBound> compute_stack_bound(const ElfObject &object, std::span<const std::string> entries);

/* The frame of every function with a recorded size, largest first; ENOEXEC as above. */
Result<std::vector<FunctionFrame>> function_frames(const ElfObject &object);

} // namespace rex
