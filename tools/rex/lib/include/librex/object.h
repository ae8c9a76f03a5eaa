/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Loading an image, libbpf style: an Object is an opened image with its
 * Maps and Programs.  load() creates every map with BPF_MAP_CREATE and
 * loads programs with BPF_PROG_LOAD + BPF_F_REX, passing the map fds in
 * .rex.maps order as fd_array; pin() keeps them past the process.  The fds
 * close with the Object: without pinning (or attaching) everything is gone
 * when it is destroyed.
 *
 * The *_params() functions compute the bpf(2) attributes without calling
 * the kernel, so they can be tested anywhere.
 */

#include <librex/bpf_syscall.h>
#include <librex/image.h>
#include <librex/panic_policy.h>
#include <librex/result.h>
#include <librex/unique_fd.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

class Map {
public:
	explicit Map(MapDesc desc) : desc_(std::move(desc)) {}

	const MapDesc &desc() const { return desc_; }
	const std::string &name() const { return desc_.name; }
	/* -1 until created (or reused). */
	int fd() const { return fd_.get(); }

	/*
	 * Use an existing map, e.g. a pinned one, instead of creating one.
	 * The kernel checks at program load that it matches the descriptor.
	 */
	void reuse_fd(UniqueFd fd) { fd_ = std::move(fd); }

private:
	friend class Object;
	MapDesc desc_;
	UniqueFd fd_;
};

class Program {
public:
	Program(ProgramDesc desc, std::uint32_t index) : desc_(std::move(desc)), index_(index) {}

	const ProgramDesc &desc() const { return desc_; }
	const std::string &name() const { return desc_.name; }
	/* Position in .rex.progs: the kernel's rex_prog_index. */
	std::uint32_t index() const { return index_; }
	bool loaded() const { return fd_.valid(); }
	/* -1 and 0 until loaded. */
	int fd() const { return fd_.get(); }
	std::uint32_t id() const { return id_; }

private:
	friend class Object;
	ProgramDesc desc_;
	std::uint32_t index_;
	UniqueFd fd_;
	std::uint32_t id_ = 0;
};

class Object {
public:
	explicit Object(Image image);
	/* Image::open() and the object around it. */
	static Result<Object> open(const std::string &path);

	Object(Object &&) = default;
	Object &operator=(Object &&) = default;

	const Image &image() const { return image_; }
	std::span<Map> maps() { return maps_; }
	std::span<const Map> maps() const { return maps_; }
	std::span<Program> programs() { return programs_; }
	std::span<const Program> programs() const { return programs_; }
	Map *find_map(std::string_view name);
	Program *find_program(std::string_view name);

	bpf::MapCreateParams map_create_params(const Map &map) const;
	/* The fds of all maps in .rex.maps order (-1 where not created yet). */
	std::vector<int> map_fds() const;
	bpf::RexProgLoadParams prog_load_params(const Program &prog, std::span<const int> map_fds,
						std::span<char> log) const;

	/*
	 * What becomes of the programs loaded from now on after a panic:
	 * crash-stop (the default) or keep-running (REX_LOAD_F_KEEP_RUNNING).
	 * A descriptor with REX_PROG_F_KEEP_RUNNING keeps running either way.
	 */
	void set_panic_policy(PanicPolicy policy) { panic_policy_ = policy; }
	PanicPolicy panic_policy() const { return panic_policy_; }

	/* Creates the maps that have no fd yet. */
	Result<void> create_maps();
	/* Loads one program; the maps must exist. */
	Result<void> load_program(Program &prog);
	/*
	 * Creates the maps, then loads every program, or only the one named
	 * only (ENOENT, before anything is created, if there is none).
	 */
	Result<void> load(std::optional<std::string_view> only = std::nullopt);
	/*
	 * Pins the loaded programs at dir/<program> and all maps at
	 * dir/<map>, making dir if it does not exist (not its parents); on
	 * failure, unpins what it pinned and removes dir if it made it.
	 */
	Result<void> pin(const std::string &dir) const;

	/* The kernel's log from the last failed program load, trimmed. */
	const std::string &load_log() const { return load_log_; }

private:
	Image image_;
	std::vector<Map> maps_;
	std::vector<Program> programs_;
	std::string load_log_;
	PanicPolicy panic_policy_ = PanicPolicy::crash_stop;
};

} // namespace rex
