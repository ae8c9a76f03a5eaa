/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Command-line parsing, kept apart from running anything so that it can be
 * tested without a kernel: parse_args() turns argv into a Command, or into
 * an Error whose message is the complete text for stderr (exit code 2).
 */

#include "commands.h"
#include "map_data.h"

#include <librex/attach_plan.h>
#include <librex/attach_target.h>
#include <librex/result.h>

#include <cstdint>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex::cli {

struct ListOptions {
	bool json = false;
};

struct BuildCommandOptions {
	std::string source;
	std::optional<std::string> output; /* none: <source>.rex here */
	std::vector<std::string> flags;    /* "-DNAME[=VALUE]", "-IDIR", in order */
	bool sign = true;                  /* --no-sign */
	std::optional<std::string> key;
};

struct CheckOptions {
	std::string source;
	std::vector<std::string> flags; /* "-DNAME[=VALUE]", "-IDIR", in order */
};

struct SignOptions {
	std::string image;
	std::optional<std::string> output; /* none: sign in place */
	std::optional<std::string> key;
};

struct VerifyOptions {
	std::string image;
	std::optional<std::string> cert;
};

struct InspectOptions {
	std::string image;
	bool json = false;
};

struct LoadOptions {
	std::string image;
	std::optional<std::string> pin_dir;
	std::optional<std::string> prog; /* none: every program */
	bool keep_running = false;       /* REX_LOAD_F_KEEP_RUNNING */
};

/* A loaded program on the command line: "id:N" or the path it is pinned at. */
struct ProgramRef {
	std::optional<std::uint32_t> id;
	std::string path; /* when there is no id */
};

struct AttachOptions {
	ProgramRef prog;
	AttachTarget target;
	std::string pin;     /* the link's path; a directory for perf on every CPU */
};

struct DetachOptions {
	std::string path; /* a pinned link, or a directory of them */
};

struct RunOptions {
	std::string image;
	std::optional<std::string> pin_dir;
	std::optional<std::uint64_t> duration_s; /* none: until SIGINT/SIGTERM */
	std::vector<TargetOverride> targets;     /* --target PROG=TARGET */
	bool dry_run = false;                    /* print the plan, load nothing */
	bool keep_running = false;               /* REX_LOAD_F_KEEP_RUNNING */
};

struct StatOptions {
	bool json = false;
	bool all = false;          /* eBPF programs too */
	bool enable_stats = false; /* hold BPF_ENABLE_STATS while rex runs */
	std::optional<std::uint64_t> watch_s; /* print the change over this long */
};

struct LogOptions {
	std::optional<std::uint32_t> prog; /* --prog ID: that program's reports only */
	bool json = false;
};

/* What rex map does to the map: its verb. */
enum class MapVerb { dump, lookup, update, remove, pop, push, watch };
/* "dump", ..., "delete" for remove. */
std::string_view map_verb_name(MapVerb verb);

/* rex map update --any, --create or --replace: BPF_ANY, BPF_NOEXIST, BPF_EXIST. */
enum class MapUpdateMode { any, create, replace };

struct MapOptions {
	MapVerb verb = MapVerb::dump;
	std::string path;             /* the pinned map */
	std::optional<MapData> key;   /* lookup, update, delete */
	std::optional<MapData> value; /* update, push */
	MapUpdateMode mode = MapUpdateMode::any;
	bool json = false; /* dump, lookup, pop */
	std::optional<std::uint64_t> duration_s; /* watch: none means until SIGINT/SIGTERM */
};

struct Command {
	CommandKind kind = CommandKind::help;
	/* For help: the command to explain; none means all of rex. */
	std::optional<CommandKind> help_topic;
	ListOptions list;
	BuildCommandOptions build;
	CheckOptions check;
	SignOptions sign;
	VerifyOptions verify;
	InspectOptions inspect;
	LoadOptions load;
	AttachOptions attach;
	DetachOptions detach;
	RunOptions run;
	StatOptions stat;
	LogOptions log;
	MapOptions map;
};

/* args is argv without argv[0]. */
Result<Command> parse_args(std::span<const char *const> args);

} // namespace rex::cli
