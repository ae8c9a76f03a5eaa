// SPDX-License-Identifier: GPL-2.0
#include <librex/sha256.h>

#include <openssl/evp.h>

#include <cstdlib>

namespace rex {

Sha256Digest sha256(std::span<const std::uint8_t> bytes)
{
	Sha256Digest digest;
	unsigned int size = 0;
	/* Fails only without memory or without SHA-256 in libcrypto. */
	if (!EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) ||
	    size != digest.size())
		std::abort();
	return digest;
}

} // namespace rex
