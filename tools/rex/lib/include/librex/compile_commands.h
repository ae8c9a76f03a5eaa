/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * compile_commands.json, the compilation database clangd reads, as rex
 * build keeps it next to its outputs: one entry per source, one entry per
 * line, so that several builds into the same directory (also in parallel:
 * the file is locked) each add or replace their own entry.  A file that
 * rex did not write is left alone.
 */

#include <librex/result.h>

#include <string>
#include <vector>

namespace rex {

struct CompileCommand {
	std::string directory; /* the working directory of the command */
	std::string file;      /* absolute path of the source */
	std::vector<std::string> arguments;
};

/* Adds command to the database at path, replacing any entry for its file. */
Result<void> update_compile_commands(const std::string &path, const CompileCommand &command);

} // namespace rex
