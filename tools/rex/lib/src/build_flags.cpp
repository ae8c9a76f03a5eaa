// SPDX-License-Identifier: GPL-2.0
/* The compiler command lines of rex build: fixed flags, user flags, paths. */
#include <librex/build.h>

#include "build_config.h"

#include <iterator>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace rex {

namespace {

/*
 * What the kernel's contract with an image needs (Documentation/rex/image.rst):
 * freestanding C++ without exceptions or RTTI, kernel code model, no red
 * zone, no FPU/SIMD registers, no PIC (helpers are direct calls, never via
 * a GOT), no unwind tables, one section per function and object, and the
 * per-function stack sizes rex build adds up.  -fwrapv and zeroed locals
 * make overflow and uninitialized reads defined.  -nostdinc: the image
 * sees only the support layer and the kernel's UAPI headers.
 * -mstack-alignment=8: as the kernel's own clang flags (arch/x86/Makefile),
 * since without SSE nothing needs 16-byte alignment; it saves the padding
 * push of every frame with an odd number of saved registers.
 *
 * IBT: the dispatcher calls a program's entry indirectly, which a CPU with
 * indirect branch tracking (kernels with CONFIG_X86_KERNEL_IBT) lets land
 * only on an ENDBR64, so entries and address-taken functions start with
 * one (-fcf-protection=branch; the kernel refuses an entry without it).
 * Switch jump tables would be "notrack" jumps, which the kernel does not
 * allow (it leaves notrack off), so there are none: -fno-jump-tables, as
 * the kernel's own IBT flags (arch/x86/Makefile).
 *
 * Returns are "jmp __x86_return_thunk" (-mfunction-return=thunk-extern),
 * as in a kernel with CONFIG_MITIGATION_RETHUNK: the loader makes each a
 * plain ret, or a jump to the return thunk the kernel chose on CPUs that
 * need one (Retbleed, SRSO), as the kernel patches its own.
 *
 * Frame pointers: the kernel walks them for a panic's stack trace.  The
 * sanitizers turn division by zero, a shift by the width or more, and an
 * index outside an array of known size into calls of the kernel's
 * __ubsan_handle_*_abort, which panic with the source line (never a ud2;
 * local-bounds is left out because it only traps).  Trailing arrays of a
 * struct are checked too: only T[] is a flexible array.
 */
constexpr std::string_view fixed_flags[] = {
	"-target", "x86_64-linux-gnu",
	"-std=c++20",
	"-O2",
	"-fno-exceptions",
	"-fno-rtti",
	"-ffreestanding",
	"-nostdlib",
	"-nostdinc",
	"-nostdinc++",
	"-fno-pic",
	"-mcmodel=kernel",
	"-mno-red-zone",
	"-mgeneral-regs-only",
	"-mstack-alignment=8",
	"-fwrapv",
	"-ftrivial-auto-var-init=zero",
	"-fno-asynchronous-unwind-tables",
	"-fno-unwind-tables",
	"-fno-addrsig",
	"-fno-stack-protector",
	"-fcf-protection=branch",
	"-fno-jump-tables",
	"-mfunction-return=thunk-extern",
	"-fno-threadsafe-statics",
	"-fstack-size-section",
	"-ffunction-sections",
	"-fdata-sections",
	"-fno-omit-frame-pointer",
	"-fsanitize=integer-divide-by-zero,shift,array-bounds",
	"-fno-sanitize-recover=all",
	"-fstrict-flex-arrays=3",
	/* Diagnostics only; they do not change the code. */
	"-Wall",
	"-Wextra",
	"-Wglobal-constructors",
	"-Wexit-time-destructors",
	"-Werror=return-stack-address",
	"-Werror=dangling",
	/* Falling off the end of a function runs into whatever code follows it. */
	"-Werror=return-type",
	"-Werror=invalid-noreturn",
};

Error bad_flag(std::string_view flag, std::string_view why)
{
	return Error(EINVAL, "flag '" + std::string(flag) + "' is not allowed: " + std::string(why));
}

bool is_identifier(std::string_view name)
{
	if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
		return false;
	for (char c : name)
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
			return false;
	return true;
}

std::vector<std::string> split_dirs(std::string_view list)
{
	std::vector<std::string> dirs;
	while (!list.empty()) {
		std::size_t end = list.find(';');
		std::string_view dir = list.substr(0, end);
		if (!dir.empty())
			dirs.emplace_back(dir);
		if (end == std::string_view::npos)
			break;
		list.remove_prefix(end + 1);
	}
	return dirs;
}

/* Everything but the action (-c/-E) and the file names. */
std::vector<std::string> common_arguments(const BuildToolchain &toolchain, const BuildOptions &options)
{
	std::vector<std::string> args = {toolchain.clang};
	args.insert(args.end(), std::begin(fixed_flags), std::end(fixed_flags));
	/* The support layer first: no user directory can stand in for it. */
	args.push_back("-I" + toolchain.support_dir);
	args.push_back("-I" + toolchain.rex_uapi_dir);
	args.insert(args.end(), options.user_flags.begin(), options.user_flags.end());
	for (const std::string &dir : toolchain.kernel_header_dirs) {
		args.push_back("-idirafter");
		args.push_back(dir);
	}
	args.push_back("-x");
	args.push_back("c++");
	return args;
}

} // namespace

BuildToolchain BuildToolchain::configured()
{
	BuildToolchain toolchain;
	const char *clang = std::getenv("REX_CLANG");
	toolchain.clang = clang && *clang ? clang : std::string(build_config::clang);
	toolchain.support_dir = build_config::support_dir;
	toolchain.rex_uapi_dir = build_config::rex_uapi_dir;
	toolchain.kernel_header_dirs = split_dirs(build_config::kernel_header_dirs);
	/* $REX_CHECK names another rex-check; set but empty, none is run. */
	const char *check = std::getenv("REX_CHECK");
	toolchain.check = check ? std::string(check) : std::string(build_config::check);
	const char *plugin = std::getenv("REX_STACK_CHECK_PLUGIN");
	toolchain.stack_check_plugin = plugin && *plugin ? plugin : std::string(build_config::stack_check_plugin);
	return toolchain;
}

std::span<const std::string_view> image_compile_flags()
{
	return fixed_flags;
}

Result<void> check_user_flag(std::string_view flag)
{
	if (flag.starts_with("-D")) {
		std::string_view name = flag.substr(2, flag.find('=') == std::string_view::npos
							     ? std::string_view::npos
							     : flag.find('=') - 2);
		if (!is_identifier(name))
			return bad_flag(flag, "-D needs a macro name, as in -DNAME or -DNAME=VALUE");
		if (name.starts_with("REX_") || name.starts_with("__"))
			return bad_flag(flag, "macro names starting with REX_ or __ belong to the support layer "
					      "and the compiler");
		return {};
	}
	if (flag.starts_with("-I")) {
		if (flag.size() == 2)
			return bad_flag(flag, "-I needs a directory, as in -Iinclude or -I include");
		return {};
	}
	return bad_flag(flag, "images are compiled with fixed flags; only -D and -I can be added");
}

std::vector<std::string> compile_command(const BuildToolchain &toolchain, const BuildOptions &options,
					 const std::string &object, StackChecks stack_checks)
{
	std::vector<std::string> args = common_arguments(toolchain, options);
	/* An inline check of the stack pointer at every function entry (rex-stack-check.so). */
	if (stack_checks == StackChecks::at_function_entry)
		args.push_back("-fpass-plugin=" + toolchain.stack_check_plugin);
	args.insert(args.end(), {"-c", options.source, "-o", object});
	return args;
}

std::vector<std::string> preprocess_command(const BuildToolchain &toolchain, const BuildOptions &options)
{
	std::vector<std::string> args = common_arguments(toolchain, options);
	/* -P: no line markers, so the digest does not depend on where files are. */
	args.insert(args.end(), {"-E", "-P", options.source});
	return args;
}

} // namespace rex
