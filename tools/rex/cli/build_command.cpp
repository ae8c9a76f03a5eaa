// SPDX-License-Identifier: GPL-2.0
#include "build_command.h"

#include "build_info.h"
#include "error_report.h"
#include "exit_code.h"
#include "key_lookup.h"

#include <librex/build.h>
#include <librex/signing.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace rex::cli {

namespace {

/* One "rex build: " line per line of text. */
void print_lines(std::FILE *err, std::string_view prefix, std::string_view text)
{
	while (!text.empty()) {
		std::size_t end = text.find('\n');
		std::fprintf(err, "rex build: %.*s%.*s\n", int(prefix.size()), prefix.data(), int(text.substr(0, end).size()),
			     text.data());
		if (end == std::string_view::npos)
			break;
		text.remove_prefix(end + 1);
	}
}

std::string plural(std::size_t count, std::string_view noun)
{
	return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string summary(const std::string &output, const BuildReport &report, const SigningKey *key)
{
	std::string text = "built " + output + ": " + plural(report.programs, "program") + ", " +
			   plural(report.maps, "map") + ", ";
	if (report.stack.bytes)
		text += "stack " + std::to_string(*report.stack.bytes) + " bytes";
	else
		text += "stack checked at run time (" + report.stack.dynamic_reason + ")";
	text += key ? ", signed by " + key->id().describe() : ", unsigned";
	return text + "\n";
}

} // namespace

std::string default_build_output(const std::string &source)
{
	return std::filesystem::path(source).filename().replace_extension(".rex").string();
}

int run_build(const BuildCommandOptions &options, std::FILE *out, std::FILE *err)
{
	BuildOptions build;
	build.source = options.source;
	build.output = options.output ? *options.output : default_build_output(options.source);
	build.user_flags = options.flags;
	build.tools_version = std::string(build_info::version);

	/* The key first: a build that cannot be signed is not worth waiting for. */
	std::optional<SigningKey> key;
	if (options.sign) {
		KeyLocation location = signing_key_location(options.key, std::getenv("REX_SIGNING_KEY"));
		Result<SigningKey> loaded = SigningKey::load(location.path);
		if (!loaded) {
			std::fprintf(err, "%s\n",
				     format_error("build", loaded.error(), key_hint(location, "--key")).c_str());
			std::fputs("rex build: to build an unsigned image, use --no-sign\n", err);
			return exit_failure;
		}
		key = loaded.release_value();
		build.signing_key = &*key;
	}

	Result<BuildReport> report = build_image(BuildToolchain::configured(), build);
	if (!report) {
		const Error &error = report.error();
		if (error.code() == ECANCELED) /* the compiler has said why */
			print_lines(err, "", error.message());
		else if (error.code() == ENOEXEC) /* rules the program breaks */
			print_lines(err, options.source + ": error: ", error.message());
		else if (error.code() == EINVAL) /* a flag */
			print_lines(err, "", error.message());
		else
			std::fprintf(err, "%s\n", format_error("build", error).c_str());
		return exit_failure;
	}

	for (const std::string &warning : report.value().warnings)
		print_lines(err, "warning: ", warning);
	std::fputs(summary(build.output, report.value(), build.signing_key).c_str(), out);
	return exit_success;
}

} // namespace rex::cli
