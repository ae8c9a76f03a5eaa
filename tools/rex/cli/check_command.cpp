// SPDX-License-Identifier: GPL-2.0
#include "check_command.h"

#include "error_report.h"
#include "exit_code.h"

#include <librex/build.h>

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

namespace rex::cli {

namespace {

/* What to do when rex-check is not where the toolchain says; env is $REX_CHECK's value or null. */
std::string missing_checker_hint(const char *env)
{
	if (env && !*env)
		return "$REX_CHECK is set but empty: unset it for the rex-check built with rex, or set it to the "
		       "path of one (only rex build may go without)";
	if (env)
		return "from $REX_CHECK: set it to a rex-check ('make tools' builds one), or unset it for the one "
		       "built with rex";
	return "the rex-check rex was built with: build it with 'make tools' (the rex-check target of "
	       "tools/rex), or set $REX_CHECK to one";
}

/* " (3 errors)", or nothing if rex-check printed none. */
std::string error_count(std::size_t violations)
{
	if (violations == 0)
		return {};
	return " (" + std::to_string(violations) + (violations == 1 ? " error)" : " errors)");
}

} // namespace

int run_check(const CheckOptions &options, std::FILE *err)
{
	BuildOptions source;
	source.source = options.source;
	source.user_flags = options.flags;

	/* rex-check would call a missing source a usage error, not say why. */
	if (access(options.source.c_str(), R_OK) != 0) {
		std::fprintf(err, "%s\n", format_error("check", Error::from_errno(errno, "reading " + options.source)).c_str());
		return exit_failure;
	}

	Result<SourceCheck> result = check_source(BuildToolchain::configured(), source, CompilerErrors::show);
	if (!result) {
		const Error &error = result.error();
		if (error.code() == ENOENT || error.code() == EACCES)
			std::fprintf(err, "%s\n",
				     format_error("check", error, missing_checker_hint(std::getenv("REX_CHECK"))).c_str());
		else if (error.code() == ECANCELED) /* rex-check has said why, if it could */
			std::fprintf(err, "rex check: %s\n", error.message().c_str());
		else
			std::fprintf(err, "%s\n", format_error("check", error).c_str());
		return exit_failure;
	}

	const SourceCheck &check = result.value();
	std::fputs(check.diagnostics.c_str(), err);
	switch (check.verdict) {
	case SourceVerdict::follows_rules:
		return exit_success;
	case SourceVerdict::breaks_rules:
		std::fprintf(err, "rex check: %s breaks the rules of Rex programs%s\n", options.source.c_str(),
			     error_count(check.violations).c_str());
		return exit_failure;
	case SourceVerdict::does_not_compile:
		std::fprintf(err,
			     "rex check: %s does not compile, so its rules were not checked: fix the compiler's "
			     "errors above (rex build prints them too, with its warnings)\n",
			     options.source.c_str());
		return exit_failure;
	}
	return exit_failure;
}

} // namespace rex::cli
