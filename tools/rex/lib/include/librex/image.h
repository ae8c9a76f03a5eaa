/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A Rex image as read from disk: an ELF64 x86-64 relocatable object with
 * the descriptor sections of <linux/rex.h>, optionally followed by a
 * signature trailer (signature_trailer.h).  Parsing checks what user space
 * can check cheaply and reports the first problem precisely; the kernel
 * checks everything again, and more, at load.
 */

#include <librex/result.h>
#include <librex/signature_trailer.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rex {

/*
 * What returns jump to (rex build's -mfunction-return=thunk-extern): an
 * undefined symbol the kernel patches at load, not an import.
 */
inline constexpr std::string_view return_thunk_symbol = "__x86_return_thunk";

/* A struct rex_prog_desc, decoded. */
struct ProgramDesc {
	std::string name;
	std::string entry;         /* defined function symbol */
	std::string attach_target; /* kprobe symbol, "category/event", or empty */
	std::uint32_t prog_type = 0;            /* enum bpf_prog_type */
	std::uint32_t expected_attach_type = 0; /* enum bpf_attach_type */
	std::optional<std::int64_t> default_ret; /* nullopt: the program type's default */
	bool keep_running = false;               /* REX_PROG_F_KEEP_RUNNING */
};

/* A struct rex_map_desc, decoded. */
struct MapDesc {
	std::string name;
	std::uint32_t map_type = 0; /* enum bpf_map_type */
	std::uint32_t key_size = 0;
	std::uint32_t value_size = 0;
	std::uint32_t max_entries = 0;
	std::uint32_t map_flags = 0;
	bool spin_lock = false; /* REX_MAP_F_SPIN_LOCK: values start with a struct bpf_spin_lock */
};

/* The struct rex_meta, decoded. */
struct ImageMeta {
	std::uint32_t version = 0;
	std::optional<std::uint32_t> stack_bound; /* nullopt: dynamic stack checks */
	std::string toolchain;
	std::array<std::uint8_t, 32> source_digest = {};
};

class Image {
public:
	/*
	 * Parses an image.  Errors are ENOEXEC for a malformed ELF or
	 * descriptor and EBADMSG for a malformed signature trailer; the
	 * message names the field and the value found.
	 */
	static Result<Image> parse(std::vector<std::uint8_t> file);
	/* read_file() + parse(), with the path at the front of every error. */
	static Result<Image> open(const std::string &path);

	/* The whole file, trailer included: what the kernel is given. */
	Bytes file() const { return file_; }
	/* The ELF, i.e. the bytes the signature covers. */
	Bytes signed_content() const { return Bytes(file_).first(content_size_); }
	bool is_signed() const { return signature_size_ > 0; }
	/* The PKCS#7 DER of the trailer; empty when unsigned. */
	Bytes signature() const { return Bytes(file_).subspan(content_size_, signature_size_); }

	const std::vector<ProgramDesc> &programs() const { return programs_; }
	const std::vector<MapDesc> &maps() const { return maps_; }
	/* Undefined global symbols, sorted: helpers and runtime entry points (not the return thunk). */
	const std::vector<std::string> &imports() const { return imports_; }
	const ImageMeta &meta() const { return meta_; }

	/* The index into programs(), or nullopt. */
	std::optional<std::size_t> find_program(std::string_view name) const;

private:
	Image() = default;

	std::vector<std::uint8_t> file_;
	std::size_t content_size_ = 0;
	std::size_t signature_size_ = 0;
	std::vector<ProgramDesc> programs_;
	std::vector<MapDesc> maps_;
	std::vector<std::string> imports_;
	ImageMeta meta_;

	friend class ImageParser;
};

} // namespace rex
