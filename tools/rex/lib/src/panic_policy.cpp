// SPDX-License-Identifier: GPL-2.0
#include <librex/panic_policy.h>

namespace rex {

std::string_view panic_policy_name(PanicPolicy policy)
{
	return policy == PanicPolicy::keep_running ? "keep-running" : "crash-stop";
}

std::optional<PanicPolicy> parse_panic_policy(std::string_view name)
{
	if (name == "crash-stop")
		return PanicPolicy::crash_stop;
	if (name == "keep-running")
		return PanicPolicy::keep_running;
	return std::nullopt;
}

} // namespace rex
