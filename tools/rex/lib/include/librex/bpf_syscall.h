/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Thin wrappers over the raw bpf(2) system call, one per command.  They fill
 * in union bpf_attr, call the kernel and turn -1/errno into an Error naming
 * the command; policy (skipping vanished programs, ...) is left to callers.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <linux/bpf.h>
#include <linux/rex.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rex::bpf {

/* Raw bpf(2): returns what the kernel returned, errno set on -1. */
long sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size);

/*
 * BPF_PROG_GET_NEXT_ID: the smallest program id greater than start_id, or
 * std::nullopt when there is none (the kernel's ENOENT ends the walk).
 */
Result<std::optional<std::uint32_t>> prog_get_next_id(std::uint32_t start_id);

/* BPF_PROG_GET_FD_BY_ID: ENOENT if the program was unloaded meanwhile. */
Result<UniqueFd> prog_get_fd_by_id(std::uint32_t id);

/* BPF_OBJ_GET_INFO_BY_FD for a program fd: the fixed-size part of the info. */
Result<bpf_prog_info> prog_get_info_by_fd(int prog_fd);

/* BPF_MAP_CREATE, for the fields a Rex map descriptor declares. */
struct MapCreateParams {
	std::uint32_t map_type = 0;
	std::uint32_t key_size = 0;
	std::uint32_t value_size = 0;
	std::uint32_t max_entries = 0;
	std::uint32_t map_flags = 0;
	std::string_view name; /* cut to BPF_OBJ_NAME_LEN - 1 characters */
	int btf_fd = -1;       /* with the two type ids, when the values hold a spin lock */
	std::uint32_t btf_key_type_id = 0;
	std::uint32_t btf_value_type_id = 0;
};

union bpf_attr map_create_attr(const MapCreateParams &params);
Result<UniqueFd> map_create(const MapCreateParams &params);

/* BPF_BTF_LOAD; the Error carries the kernel's BTF log. */
Result<UniqueFd> btf_load(std::span<const std::uint8_t> blob);

/* BPF_OBJ_GET_INFO_BY_FD for a map fd: type, sizes, name. */
Result<bpf_map_info> map_get_info_by_fd(int map_fd);

/*
 * The element commands.  key is nullopt for the maps without keys (queue,
 * stack: the value is then pushed, peeked at or popped); value must be as
 * large as a lookup of the map returns (per-CPU maps: one slot per
 * possible CPU).  The kernel's errno is the Error's code: ENOENT for an
 * absent key or an empty queue, EEXIST and ENOENT for the update flags.
 */
using MapKey = std::optional<std::span<const std::uint8_t>>;

/* BPF_MAP_*_ELEM: one attribute layout, map_fd, key, value (or next_key), flags. */
union bpf_attr map_elem_attr(int map_fd, MapKey key, const void *value, std::uint64_t flags);

Result<void> map_lookup_elem(int map_fd, MapKey key, std::span<std::uint8_t> value);
/* flags: BPF_ANY, BPF_NOEXIST (create only) or BPF_EXIST (replace only). */
Result<void> map_update_elem(int map_fd, MapKey key, std::span<const std::uint8_t> value, std::uint64_t flags);
Result<void> map_delete_elem(int map_fd, std::span<const std::uint8_t> key);
Result<void> map_lookup_and_delete_elem(int map_fd, MapKey key, std::span<std::uint8_t> value);
/*
 * BPF_MAP_GET_NEXT_KEY: the key after key (nullopt: the first) into next;
 * false when there is none (the kernel's ENOENT ends the walk).
 */
Result<bool> map_get_next_key(int map_fd, MapKey key, std::span<std::uint8_t> next);

/* BPF_OBJ_PIN: fd appears at path, which must be on a bpffs. */
Result<void> obj_pin(int fd, const std::string &path);

/* BPF_OBJ_GET: a new fd for the object (program, map, link) pinned at path. */
Result<UniqueFd> obj_get(const std::string &path);

/*
 * The xlated (post-load) instructions of a program, as many as fit in insns;
 * returns how many were copied.  Root sees them; otherwise the kernel
 * reports none.
 */
Result<std::size_t> prog_get_xlated_insns(int prog_fd, std::span<bpf_insn> insns);

/*
 * The tcx attach types (Linux 6.6), spelled out because older build-host
 * headers lack them; the Rex kernel's headers must agree.
 */
inline constexpr std::uint32_t attach_tcx_ingress = 46;
inline constexpr std::uint32_t attach_tcx_egress = 47;
#ifdef BPF_F_REX
static_assert(BPF_TCX_INGRESS == attach_tcx_ingress && BPF_TCX_EGRESS == attach_tcx_egress);
#endif

/* BPF_LINK_CREATE, for the links rex attaches (XDP, tcx, perf events). */
struct LinkCreateParams {
	int prog_fd = -1;
	std::uint32_t attach_type = 0; /* enum bpf_attach_type */
	/* BPF_PERF_EVENT: the perf event fd; BPF_XDP, tcx: the ifindex. */
	std::uint32_t target = 0;
	std::uint32_t flags = 0; /* BPF_XDP: XDP_FLAGS_SKB_MODE or _DRV_MODE */
};

union bpf_attr link_create_attr(const LinkCreateParams &params);
Result<UniqueFd> link_create(const LinkCreateParams &params);

/* BPF_OBJ_GET_INFO_BY_FD for a link fd: id, type, program id. */
Result<bpf_link_info> link_get_info_by_fd(int link_fd);

/*
 * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): programs count their runs and run
 * time for as long as the returned fd stays open.
 */
Result<UniqueFd> enable_run_time_stats();

/*
 * Loading a Rex program: BPF_PROG_LOAD with BPF_F_REX in prog_flags, the
 * signed image in three attributes after prog_token_fd and REX_LOAD_F_*
 * in rex_flags (patches/0002-bpf-uapi-rex-load-attributes.patch).
 */
inline constexpr std::uint32_t prog_flag_rex = 1U << 15;
#ifdef BPF_F_REX
static_assert(BPF_F_REX == prog_flag_rex, "BPF_F_REX in <linux/bpf.h> differs from librex's");
#endif

/* rex_flags: a program that panics keeps running instead of being disabled. */
inline constexpr std::uint32_t rex_load_keep_running = 1U << 0;
#ifdef REX_LOAD_F_KEEP_RUNNING
static_assert(REX_LOAD_F_KEEP_RUNNING == rex_load_keep_running,
	      "REX_LOAD_F_KEEP_RUNNING in <linux/rex.h> differs from librex's");
#endif

/*
 * The BPF_PROG_LOAD member of union bpf_attr as the Rex kernel has it.
 * Build hosts' <linux/bpf.h> predate the Rex fields, so this is the one
 * place that spells them out; the static_asserts below tie every field to
 * its kernel offset.
 */
struct RexProgLoadAttr {
	std::uint32_t prog_type;
	std::uint32_t insn_cnt;
	__aligned_u64 insns;
	__aligned_u64 license;
	std::uint32_t log_level;
	std::uint32_t log_size;
	__aligned_u64 log_buf;
	std::uint32_t kern_version;
	std::uint32_t prog_flags;
	char prog_name[BPF_OBJ_NAME_LEN];
	std::uint32_t prog_ifindex;
	std::uint32_t expected_attach_type;
	std::uint32_t prog_btf_fd;
	std::uint32_t func_info_rec_size;
	__aligned_u64 func_info;
	std::uint32_t func_info_cnt;
	std::uint32_t line_info_rec_size;
	__aligned_u64 line_info;
	std::uint32_t line_info_cnt;
	std::uint32_t attach_btf_id;
	std::uint32_t attach_prog_fd;
	std::uint32_t core_relo_cnt;
	__aligned_u64 fd_array;
	__aligned_u64 core_relos;
	std::uint32_t core_relo_rec_size;
	std::uint32_t log_true_size;
	std::int32_t prog_token_fd;
	/* Rex */
	std::uint32_t rex_prog_index; /* index into the image's .rex.progs */
	__aligned_u64 rex_image;      /* user pointer to the whole signed image */
	std::uint32_t rex_image_size;
	std::uint32_t rex_flags; /* REX_LOAD_F_* */
};

static_assert(offsetof(RexProgLoadAttr, insns) == offsetof(union bpf_attr, insns));
static_assert(offsetof(RexProgLoadAttr, log_buf) == offsetof(union bpf_attr, log_buf));
static_assert(offsetof(RexProgLoadAttr, prog_flags) == offsetof(union bpf_attr, prog_flags));
static_assert(offsetof(RexProgLoadAttr, prog_name) == offsetof(union bpf_attr, prog_name));
static_assert(offsetof(RexProgLoadAttr, expected_attach_type) == offsetof(union bpf_attr, expected_attach_type));
static_assert(offsetof(RexProgLoadAttr, fd_array) == offsetof(union bpf_attr, fd_array));
static_assert(offsetof(RexProgLoadAttr, core_relo_rec_size) == offsetof(union bpf_attr, core_relo_rec_size));
static_assert(offsetof(RexProgLoadAttr, prog_token_fd) == 144, "prog_token_fd is at byte 144 in Linux 6.12");
static_assert(offsetof(RexProgLoadAttr, rex_prog_index) == 148, "the Rex fields follow prog_token_fd");
static_assert(offsetof(RexProgLoadAttr, rex_image) == 152, "rex_image is 8-byte aligned");
static_assert(offsetof(RexProgLoadAttr, rex_image_size) == 160);
static_assert(offsetof(RexProgLoadAttr, rex_flags) == 164, "rex_flags fills the hole before the end");
static_assert(sizeof(RexProgLoadAttr) == 168);
#ifdef BPF_F_REX
/* Headers of the Rex kernel itself: the mirror must match them exactly. */
static_assert(offsetof(RexProgLoadAttr, rex_prog_index) == offsetof(union bpf_attr, rex_prog_index));
static_assert(offsetof(RexProgLoadAttr, rex_image) == offsetof(union bpf_attr, rex_image));
static_assert(offsetof(RexProgLoadAttr, rex_image_size) == offsetof(union bpf_attr, rex_image_size));
#endif
#ifdef REX_LOAD_F_KEEP_RUNNING
/* The headers that define the flag have the field too. */
static_assert(offsetof(RexProgLoadAttr, rex_flags) == offsetof(union bpf_attr, rex_flags));
#endif

struct RexProgLoadParams {
	std::uint32_t prog_type = 0;            /* from the descriptor */
	std::uint32_t expected_attach_type = 0; /* from the descriptor */
	std::string_view name;                  /* cut to BPF_OBJ_NAME_LEN - 1 characters */
	std::uint32_t prog_index = 0;
	std::span<const std::uint8_t> image; /* the whole signed file */
	std::span<const int> map_fds;        /* fd_array, in .rex.maps order */
	std::span<char> log;                 /* the kernel's rejection message; may be empty */
	std::uint32_t rex_flags = 0;         /* REX_LOAD_F_*: rex_load_keep_running */
};

/* The placeholder program BPF_PROG_LOAD insists on: r0 = 0; exit. */
std::span<const bpf_insn> rex_placeholder_insns();

RexProgLoadAttr rex_prog_load_attr(const RexProgLoadParams &params);
/* On failure the kernel's explanation, if any, is in params.log. */
Result<UniqueFd> rex_prog_load(const RexProgLoadParams &params);

} // namespace rex::bpf
