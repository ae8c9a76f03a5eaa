/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/* `rex list`: the programs loaded in the kernel, as a table or as JSON. */

#include "args.h"

#include <librex/programs.h>

#include <cstdio>
#include <span>
#include <string>

namespace rex::cli {

/*
 * ID, TYPE, NAME, KIND (rex or ebpf), STATE (ok or faulted; "-" for eBPF
 * or without /proc/rex/progs), TAG columns; an unnamed program shows "-".
 */
std::string format_program_table(std::span<const ProgramInfo> programs);

/* A JSON array with one object per program, newline-terminated. */
std::string format_program_json(std::span<const ProgramInfo> programs);

/* Runs the command; returns the exit code. */
int run_list(const ListOptions &options, std::FILE *out, std::FILE *err);

} // namespace rex::cli
