/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Where rex finds the signing key and the certificate to verify against,
 * first match wins:
 *
 *	key:  --key PEM, $REX_SIGNING_KEY, <kernel build>/certs/signing_key.pem
 *	cert: --cert PEM, $REX_SIGNING_CERT, $REX_SIGNING_KEY,
 *	      <kernel build>/certs/signing_key.pem  (it holds the certificate too)
 *
 * <kernel build> is REX_KERNEL_BUILD_DIR at configure time.  The
 * environment is passed in (getenv() values, may be null) to keep this
 * testable.
 */

#include <optional>
#include <string>
#include <string_view>

namespace rex::cli {

struct KeyLocation {
	std::string path;
	std::string_view source; /* "--key", "$REX_SIGNING_KEY", "the kernel build", ... */
};

KeyLocation signing_key_location(const std::optional<std::string> &option, const char *env_key);
KeyLocation certificate_location(const std::optional<std::string> &option, const char *env_cert,
				 const char *env_key);

/* What to do when the key or certificate at location cannot be used. */
std::string key_hint(const KeyLocation &location, std::string_view option);

} // namespace rex::cli
