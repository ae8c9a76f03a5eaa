// SPDX-License-Identifier: GPL-2.0
#include <librex/signature_trailer.h>

#include <linux/rex.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rex {

namespace {

Error malformed(std::string why)
{
	return Error(EBADMSG, "signature trailer: " + why);
}

std::uint32_t read_be32(const std::uint8_t bytes[4])
{
	return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
	       (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
}

/* The fields the kernel's mod_check_sig() insists on, named when wrong. */
Result<void> check_info(const ModuleSignatureInfo &info)
{
	if (info.id_type != module_signature_id_type_pkcs7)
		return malformed("id_type is " + std::to_string(info.id_type) + ", expected 2 (PKCS#7)");
	if (info.algo != 0 || info.hash != 0 || info.signer_len != 0 || info.key_id_len != 0)
		return malformed("algo, hash, signer_len and key_id_len must be 0 for PKCS#7");
	if (info.pad[0] != 0 || info.pad[1] != 0 || info.pad[2] != 0)
		return malformed("padding bytes are not zero");
	return {};
}

} // namespace

std::string_view signature_marker()
{
	return std::string_view(REX_SIG_MARKER, sizeof(REX_SIG_MARKER) - 1);
}

Result<SplitImage> split_signature(Bytes file)
{
	std::string_view marker = signature_marker();
	if (file.size() < marker.size() ||
	    std::memcmp(file.data() + file.size() - marker.size(), marker.data(), marker.size()) != 0)
		return SplitImage{file, std::nullopt};

	std::size_t before_marker = file.size() - marker.size();
	if (before_marker < sizeof(ModuleSignatureInfo))
		return malformed("the marker is not preceded by a signature info block");

	ModuleSignatureInfo info;
	std::size_t info_offset = before_marker - sizeof(info);
	std::memcpy(&info, file.data() + info_offset, sizeof(info));
	REX_TRY(check_info(info));

	std::uint32_t sig_len = read_be32(info.sig_len_be);
	if (sig_len == 0)
		return malformed("signature length is 0");
	if (sig_len >= info_offset)
		return malformed("signature length " + std::to_string(sig_len) + " leaves no content (" +
				 std::to_string(info_offset) + " bytes before the info block)");

	std::size_t content_size = info_offset - sig_len;
	return SplitImage{file.first(content_size), file.subspan(content_size, sig_len)};
}

std::vector<std::uint8_t> append_signature(Bytes content, Bytes pkcs7)
{
	ModuleSignatureInfo info = {};
	info.id_type = module_signature_id_type_pkcs7;
	std::uint32_t len = static_cast<std::uint32_t>(pkcs7.size());
	info.sig_len_be[0] = static_cast<std::uint8_t>(len >> 24);
	info.sig_len_be[1] = static_cast<std::uint8_t>(len >> 16);
	info.sig_len_be[2] = static_cast<std::uint8_t>(len >> 8);
	info.sig_len_be[3] = static_cast<std::uint8_t>(len);

	std::string_view marker = signature_marker();
	std::vector<std::uint8_t> out;
	out.reserve(content.size() + pkcs7.size() + sizeof(info) + marker.size());
	out.insert(out.end(), content.begin(), content.end());
	out.insert(out.end(), pkcs7.begin(), pkcs7.end());
	const auto *info_bytes = reinterpret_cast<const std::uint8_t *>(&info);
	out.insert(out.end(), info_bytes, info_bytes + sizeof(info));
	out.insert(out.end(), marker.begin(), marker.end());
	return out;
}

} // namespace rex
