// SPDX-License-Identifier: GPL-2.0
/* The rex build pipeline; see build.h for the steps. */
#include <librex/build.h>

#include <librex/compile_commands.h>
#include <librex/elf_object.h>
#include <librex/file_io.h>
#include <librex/image.h>
#include <librex/image_checks.h>
#include <librex/process.h>

#include <linux/rex.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdlib.h>
#include <unistd.h>

namespace rex {

namespace {

Error rejected(std::string why)
{
	return Error(ENOEXEC, std::move(why));
}

/* A file for the compiler's output, next to the final image; removed on every path. */
class TemporaryFile {
public:
	static Result<TemporaryFile> next_to(const std::string &path)
	{
		std::string name = path + ".tmp-XXXXXX.o";
		int fd = mkstemps(name.data(), 2);
		if (fd < 0)
			return Error::from_errno(errno, "creating a temporary file next to " + path);
		close(fd);
		return TemporaryFile(std::move(name));
	}

	TemporaryFile(TemporaryFile &&other) : path_(std::move(other.path_)) { other.path_.clear(); }
	TemporaryFile &operator=(TemporaryFile &&) = delete;
	~TemporaryFile()
	{
		if (!path_.empty())
			unlink(path_.c_str());
	}

	const std::string &path() const { return path_; }

private:
	explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
	std::string path_;
};

/* "19.1.7" from clang's .comment ("Debian clang version 19.1.7 (...)"). */
std::string clang_version(const ElfObject &object)
{
	const ElfSection *comment = object.find_section(".comment");
	if (!comment)
		return {};
	std::span<const std::uint8_t> bytes = object.contents(*comment);
	std::string_view text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
	std::size_t at = text.find("clang version ");
	if (at == std::string_view::npos)
		return {};
	text.remove_prefix(at + 14);
	std::size_t end = text.find_first_not_of("0123456789.");
	return std::string(text.substr(0, end));
}

std::string joined(const std::vector<std::string> &lines)
{
	std::string text;
	for (const std::string &line : lines)
		text += (text.empty() ? "" : "\n") + line;
	return text;
}

std::string path_text(const std::vector<std::string> &path)
{
	std::string text;
	for (const std::string &f : path)
		text += (text.empty() ? "" : " -> ") + f;
	return text;
}

/* Records the compile command for clangd; a failure is only a warning. */
void record_compile_command(const BuildToolchain &toolchain, const BuildOptions &options, BuildReport &report)
{
	std::error_code ec;
	std::filesystem::path output = std::filesystem::absolute(options.output, ec);
	std::filesystem::path source = std::filesystem::absolute(options.source, ec);
	std::filesystem::path cwd = std::filesystem::current_path(ec);
	if (ec) {
		report.warnings.push_back("not updating compile_commands.json: " + ec.message());
		return;
	}
	CompileCommand command{cwd.string(), source.lexically_normal().string(),
			       compile_command(toolchain, options, options.output)};
	std::string database = (output.parent_path() / "compile_commands.json").string();
	if (Result<void> updated = update_compile_commands(database, command); !updated)
		report.warnings.push_back("not updating compile_commands.json: " + updated.error().message());
}

struct Compiled {
	std::vector<std::uint8_t> object;
	std::string preprocessed;
};

/* Compiles and preprocesses at the same time; the compiler's diagnostics reach the user. */
Result<Compiled> compile(const BuildToolchain &toolchain, const BuildOptions &options, StackChecks stack_checks)
{
	TemporaryFile object = REX_TRY(TemporaryFile::next_to(options.output));

	/* The second compile (with stack checks) would only repeat the first one's warnings. */
	bool quiet = stack_checks != StackChecks::none;
	Result<ChildProcess> compiler = ChildProcess::spawn(compile_command(toolchain, options, object.path(), stack_checks),
							    {.discard_stderr = quiet});
	if (!compiler)
		return Error(compiler.error().code(), compiler.error().message() +
							      " (the image compiler: install clang-19, or set REX_CLANG "
							      "to a clang++ 19)");
	ChildProcess preprocessor = REX_TRY(ChildProcess::spawn(preprocess_command(toolchain, options),
								 {.capture_stdout = true, .discard_stderr = true}));

	Compiled result;
	Result<std::string> preprocessed = preprocessor.read_output();
	Result<int> preprocess_status = preprocessor.wait();
	int compile_status = REX_TRY(compiler.value().wait());
	if (compile_status != 0)
		return Error(ECANCELED, "compiling " + options.source + " failed");
	if (!preprocessed)
		return preprocessed.release_error();
	if (REX_TRY(std::move(preprocess_status)) != 0)
		return Error(ECANCELED, "preprocessing " + options.source + " failed");

	result.preprocessed = preprocessed.release_value();
	result.object = REX_TRY(read_file(object.path()));
	return result;
}

/*
 * rex-check before compiling.  Without one the source rules would go
 * unchecked, so a missing rex-check is an error; $REX_CHECK set but empty
 * asks for no check, and gets a warning.  When the source does not
 * compile, the compiler, run next, reports why.
 */
Result<void> check_rules(const BuildToolchain &toolchain, const BuildOptions &options, BuildReport &report)
{
	if (toolchain.check.empty()) {
		report.warnings.push_back("$REX_CHECK is set but empty: " + options.source +
					  " is not checked against the rules of Rex programs");
		return {};
	}
	if (access(toolchain.check.c_str(), X_OK) != 0)
		return Error::from_errno(errno, "no rex-check at " + toolchain.check +
							 " to check the source against the rules of Rex programs ('make "
							 "tools' builds one; $REX_CHECK names another, or, set but empty, "
							 "builds without the check)");
	SourceCheck check = REX_TRY(check_source(toolchain, options, CompilerErrors::discard));
	if (check.verdict != SourceVerdict::breaks_rules)
		return {};
	std::fputs(check.diagnostics.c_str(), stderr);
	return Error(ECANCELED, options.source + " breaks the rules of Rex programs (rex-check)");
}

/*
 * Frames over REX_FRAME_MAX: the kernel's check at function entry, and its
 * guard page, assume no function moves the stack pointer further at once.
 */
Result<std::vector<std::string>> oversized_frames(const ElfObject &elf)
{
	std::vector<std::string> problems;
	for (const FunctionFrame &frame : REX_TRY(function_frames(elf))) {
		if (frame.bytes <= REX_FRAME_MAX)
			break; /* largest first */
		problems.push_back(frame.function + " has a " + std::to_string(frame.bytes) +
				   "-byte stack frame, more than the " + std::to_string(REX_FRAME_MAX) +
				   " bytes one function may use: keep large arrays in a map (e.g. a "
				   "rex::percpu_array as scratch space)");
	}
	return problems;
}

/* Everything rex build refuses in the object, as one message with a line per problem. */
Result<void> check_object(const BuildToolchain &toolchain, const ElfObject &elf, std::string_view clang)
{
	if (!clang.starts_with("19."))
		return rejected(toolchain.clang + " is clang " + (clang.empty() ? "of unknown version" : std::string(clang)) +
				": images are built with clang 19 (set REX_CLANG to a clang++ 19)");
	if (!elf.find_section(REX_SEC_PROGS))
		return rejected("no program: declare one with REX_PROGRAM(name, function) (see <rex/program.hpp>)");
	std::vector<std::string> problems = REX_TRY(oversized_frames(elf));
	for (std::string &problem : check_image_object(elf))
		problems.push_back(std::move(problem));
	if (!problems.empty())
		return rejected(joined(problems));
	return {};
}

/* Checks a compiled object and fills in what the report says about it. */
Result<void> analyze(const BuildToolchain &toolchain, const BuildOptions &options, const std::vector<std::uint8_t> &bytes,
		     BuildReport &report)
{
	ElfObject elf = REX_TRY(ElfObject::parse(bytes));
	std::string clang = clang_version(elf);
	REX_TRY(check_object(toolchain, elf, clang));

	Image image = REX_TRY(Image::parse(bytes));
	std::vector<std::string> entries;
	for (const ProgramDesc &program : image.programs())
		entries.push_back(program.entry);
	report.programs = image.programs().size();
	report.maps = image.maps().size();
	report.imports = image.imports();

	report.stack = REX_TRY(compute_stack_bound(elf, entries));
	if (report.stack.bytes && *report.stack.bytes > REX_PROG_STACK_BUDGET)
		return rejected("worst-case stack use is " + std::to_string(*report.stack.bytes) + " bytes (" +
				path_text(report.stack.deepest_path) + "), more than the " +
				std::to_string(REX_PROG_STACK_BUDGET) + " bytes a Rex program may use");
	report.toolchain = toolchain_string(options.tools_version, clang);
	return {};
}

} // namespace

Result<SourceCheck> check_source(const BuildToolchain &toolchain, const BuildOptions &options,
				 CompilerErrors compiler_errors)
{
	if (toolchain.check.empty())
		return Error(ENOENT, "looking for rex-check: its path is empty");
	if (access(toolchain.check.c_str(), X_OK) != 0)
		return Error::from_errno(errno, "looking for rex-check at " + toolchain.check);

	std::vector<std::string> command = {toolchain.check, options.source};
	command.insert(command.end(), options.user_flags.begin(), options.user_flags.end());
	ChildProcess checker = REX_TRY(ChildProcess::spawn(
		command, {.capture_stdout = true, .discard_stderr = compiler_errors == CompilerErrors::discard}));
	Result<std::string> diagnostics = checker.read_output();
	int status = REX_TRY(checker.wait());

	/* rex-check's exit status: 0 clean, 1 violations, 2 usage or parse errors. */
	SourceCheck check;
	if (status == 0)
		check.verdict = SourceVerdict::follows_rules;
	else if (status == 1)
		check.verdict = SourceVerdict::breaks_rules;
	else if (status == 2)
		check.verdict = SourceVerdict::does_not_compile;
	else
		return Error(ECANCELED, "rex-check failed on " + options.source + " (exit status " +
						std::to_string(status) + ")");
	check.diagnostics = REX_TRY(std::move(diagnostics));
	for (std::size_t at = 0; (at = check.diagnostics.find(": error: [", at)) != std::string::npos; at++)
		check.violations++;
	return check;
}

Result<BuildReport> build_image(const BuildToolchain &toolchain, const BuildOptions &options)
{
	for (const std::string &flag : options.user_flags)
		REX_TRY(check_user_flag(flag));

	BuildReport report;
	REX_TRY(check_rules(toolchain, options, report));
	record_compile_command(toolchain, options, report);

	Compiled compiled = REX_TRY(compile(toolchain, options, StackChecks::none));
	REX_TRY(analyze(toolchain, options, compiled.object, report));
	if (!report.stack.bytes) {
		/* No static bound: the kernel checks the stack at every function entry instead. */
		std::string reason = report.stack.dynamic_reason;
		if (access(toolchain.stack_check_plugin.c_str(), R_OK) != 0)
			return Error(ENOENT, options.source + " needs stack checks (" + reason + "), but the compiler plugin " +
						     toolchain.stack_check_plugin + " that inserts them is missing: build "
						     "tools/rex (make tools), or set REX_STACK_CHECK_PLUGIN");
		compiled = REX_TRY(compile(toolchain, options, StackChecks::at_function_entry));
		REX_TRY(analyze(toolchain, options, compiled.object, report));
		report.stack.bytes.reset();
		report.stack.dynamic_reason = reason;
	}
	std::vector<std::uint8_t> &bytes = compiled.object;

	report.source_digest = sha256(std::span(reinterpret_cast<const std::uint8_t *>(compiled.preprocessed.data()),
						compiled.preprocessed.size()));
	REX_TRY(fill_image_meta(bytes, report.stack.bytes.value_or(REX_STACK_DYNAMIC), report.toolchain,
				report.source_digest));

	if (options.signing_key) {
		bytes = REX_TRY(options.signing_key->sign_image(bytes));
		report.is_signed = true;
	}
	REX_TRY(write_file_atomic(options.output, bytes));
	return report;
}

} // namespace rex
