// SPDX-License-Identifier: GPL-2.0
#include "key_lookup.h"

#include "build_info.h"

namespace rex::cli {

namespace {

constexpr std::string_view kernel_build = "the kernel build";

bool set(const char *value)
{
	return value && *value;
}

} // namespace

KeyLocation signing_key_location(const std::optional<std::string> &option, const char *env_key)
{
	if (option)
		return {*option, "--key"};
	if (set(env_key))
		return {env_key, "$REX_SIGNING_KEY"};
	return {std::string(build_info::default_signing_key), kernel_build};
}

KeyLocation certificate_location(const std::optional<std::string> &option, const char *env_cert,
				 const char *env_key)
{
	if (option)
		return {*option, "--cert"};
	if (set(env_cert))
		return {env_cert, "$REX_SIGNING_CERT"};
	if (set(env_key))
		return {env_key, "$REX_SIGNING_KEY"};
	return {std::string(build_info::default_signing_key), kernel_build};
}

std::string key_hint(const KeyLocation &location, std::string_view option)
{
	if (location.source == kernel_build)
		return "this is the kernel build's key, created by building the kernel; or pass " +
		       std::string(option) + " PEM or set $REX_SIGNING_KEY";
	return "from " + std::string(location.source) + "; the kernel build's key is " +
	       std::string(build_info::default_signing_key);
}

} // namespace rex::cli
