/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * rex build: from one C++ source file to a Rex image.
 *
 *   1. clang++ 19 compiles the source with the fixed image flags (users add
 *      only -D and -I) into an x86-64 relocatable object; at the same time
 *      it preprocesses it, for the source digest;
 *   2. the object is checked (image_checks.h) and its descriptors parsed
 *      (image.h);
 *   3. the worst-case stack use is computed (stack_bound.h); every frame
 *      must fit REX_FRAME_MAX and the bound REX_PROG_STACK_BUDGET.  With
 *      no bound (recursion, indirect calls), the source is compiled again
 *      with a stack check at every function entry, and checked again;
 *   4. .rex.meta is filled in place: stack bound, toolchain, digest;
 *   5. the image is signed (signing.h) unless asked not to, and written.
 *
 * compile_commands.json next to the output records the compile command, so
 * that clangd sees the program as the compiler does.
 */

#include <librex/result.h>
#include <librex/sha256.h>
#include <librex/signing.h>
#include <librex/stack_bound.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

/* Where rex build finds the compiler and the headers of the image. */
struct BuildToolchain {
	std::string clang;       /* clang++ 19: a path, or a name looked up in $PATH */
	std::string support_dir; /* the support layer: holds rex/rex.hpp */
	std::string rex_uapi_dir; /* holds linux/rex.h */
	/* linux/types.h, linux/bpf.h, asm/...: searched last (-idirafter). */
	std::vector<std::string> kernel_header_dirs;
	/* rex-check: rex build runs it on the source first (empty or absent:
	 * not run), rex check runs only it.  REX_CHECK_PATH as configured, or
	 * $REX_CHECK. */
	std::string check;
	/* The clang plugin that inserts the stack check at function entry
	 * (tools/rex/stackcheck): REX_STACK_CHECK_PLUGIN as configured, or
	 * $REX_STACK_CHECK_PLUGIN. */
	std::string stack_check_plugin;

	/* As rex was configured (REX_SUPPORT_DIR, ...); $REX_CLANG names the compiler. */
	static BuildToolchain configured();
};

struct BuildOptions {
	std::string source;
	std::string output;
	/* "-DNAME", "-DNAME=VALUE", "-IDIR": checked by check_user_flag(). */
	std::vector<std::string> user_flags;
	/* The key to sign the image with; null: leave it unsigned. */
	const SigningKey *signing_key = nullptr;
	/* The version of the rex tools, for the toolchain string. */
	std::string tools_version;
};

/* The flags every image is compiled with, besides include paths. */
std::span<const std::string_view> image_compile_flags();

/*
 * EINVAL with a message for the user unless flag is -D<name>[=<value>] or
 * -I<dir>.  Macro names starting with REX_ or __ belong to the support
 * layer and the compiler.
 */
Result<void> check_user_flag(std::string_view flag);

/*
 * How the stack of an image is kept in bounds: by the bound rex build
 * computes (none in the code), or, when there is no bound (recursion,
 * indirect calls), by the kernel's check at every function entry.
 */
enum class StackChecks { none, at_function_entry };

/* clang++ ... -c source -o object. */
std::vector<std::string> compile_command(const BuildToolchain &toolchain, const BuildOptions &options,
					 const std::string &object, StackChecks stack_checks = StackChecks::none);
/* clang++ ... -E -P source: the preprocessed source on stdout. */
std::vector<std::string> preprocess_command(const BuildToolchain &toolchain, const BuildOptions &options);

/* What rex-check found in a source: its rules, DESIGN.md section 7. */
enum class SourceVerdict {
	follows_rules,
	breaks_rules,
	does_not_compile, /* not checked: the compiler's front end failed */
};

struct SourceCheck {
	SourceVerdict verdict = SourceVerdict::follows_rules;
	/* Per violation, "file:line:col: error: [rule] message" and a
	 * "file:line:col: note: <the safe alternative>" line. */
	std::string diagnostics;
	std::size_t violations = 0; /* the error lines */
};

/* When the source does not compile: rex-check's copy of the compiler's errors. */
enum class CompilerErrors { show, discard }; /* show: on our stderr */

/*
 * Runs rex-check (toolchain.check) on options.source with the fixed flags
 * and options.user_flags; the rest of options is not used.  The source
 * must exist: rex-check takes a missing one for a usage error, which reads
 * as does_not_compile.  Errors: ENOENT (or access()'s errno) when
 * toolchain.check is empty or not an executable, ECANCELED when rex-check
 * fails in another way, else what spawning or waiting for it failed with.
 */
Result<SourceCheck> check_source(const BuildToolchain &toolchain, const BuildOptions &options,
				 CompilerErrors compiler_errors);

/* What a build produced, for the summary line. */
struct BuildReport {
	std::size_t programs = 0;
	std::size_t maps = 0;
	std::vector<std::string> imports;
	StackBound stack;
	std::string toolchain; /* as stored in .rex.meta */
	Sha256Digest source_digest = {};
	bool is_signed = false;
	/* Not fatal: e.g. compile_commands.json could not be updated. */
	std::vector<std::string> warnings;
};

/*
 * Errors: ECANCELED when the compiler failed (it has printed why),
 * ENOEXEC when the object breaks a rule (one line per problem), else the
 * errno of what failed (e.g. an unwritable output).
 */
Result<BuildReport> build_image(const BuildToolchain &toolchain, const BuildOptions &options);

/* "rex 0.1.0 clang 19.1.7", cut to fit struct rex_meta's 31 characters. */
std::string toolchain_string(std::string_view tools_version, std::string_view clang_version);

/*
 * Fills the .rex.meta of the object in place (no size change).  ENOEXEC if
 * there is no single struct rex_meta with the right magic and version.
 */
Result<void> fill_image_meta(std::span<std::uint8_t> object, std::uint32_t stack_bound, std::string_view toolchain,
			     const Sha256Digest &source_digest);

} // namespace rex
