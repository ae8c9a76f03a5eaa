/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The signature trailer of a Rex image, in the kernel's module-signature
 * wire format (include/linux/module_signature.h) with Rex's own marker:
 *
 *	[ELF][PKCS#7 DER][struct module_signature, 12 bytes][REX_SIG_MARKER]
 *
 * The signature covers the ELF bytes, i.e. everything before the PKCS#7.
 * This header only splits and joins bytes; signing.h does the cryptography.
 */

#include <librex/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace rex {

using Bytes = std::span<const std::uint8_t>;

/* The kernel's struct module_signature, as it lies in the file. */
struct ModuleSignatureInfo {
	std::uint8_t algo;       /* 0: given by the PKCS#7 */
	std::uint8_t hash;       /* 0: given by the PKCS#7 */
	std::uint8_t id_type;    /* module_signature_id_type_pkcs7 */
	std::uint8_t signer_len; /* 0 */
	std::uint8_t key_id_len; /* 0 */
	std::uint8_t pad[3];     /* 0 */
	std::uint8_t sig_len_be[4]; /* length of the PKCS#7, big-endian */
};
static_assert(sizeof(ModuleSignatureInfo) == 12, "struct module_signature is 12 bytes on the wire");

inline constexpr std::uint8_t module_signature_id_type_pkcs7 = 2; /* PKEY_ID_PKCS7 */

/* REX_SIG_MARKER without its terminating NUL, as it ends a signed image. */
std::string_view signature_marker();

struct SplitImage {
	Bytes content;                  /* the signed part: the ELF */
	std::optional<Bytes> signature; /* PKCS#7 DER; nullopt: unsigned */
};

/*
 * Splits a file into content and signature.  No marker at the end means
 * unsigned (not an error); a marker with a bad info block or a signature
 * length that does not fit is EBADMSG, as the kernel calls it.
 */
Result<SplitImage> split_signature(Bytes file);

/* content + pkcs7 + info block + marker. */
std::vector<std::uint8_t> append_signature(Bytes content, Bytes pkcs7);

} // namespace rex
