// SPDX-License-Identifier: GPL-2.0
#include <librex/attach_plan.h>

#include <librex/prog_type.h>

#include <algorithm>
#include <cerrno>

namespace rex {

Result<TargetOverride> parse_target_override(std::string_view text)
{
	std::size_t equals = text.find('=');
	if (equals == std::string_view::npos || equals == 0)
		return Error(EINVAL, "'" + std::string(text) + "' is not PROG=TARGET");
	return TargetOverride{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

Result<std::vector<AttachAction>> plan_attach(std::span<const ProgramDesc> programs,
					      std::span<const TargetOverride> overrides)
{
	for (const TargetOverride &override : overrides) {
		auto named = [&](const ProgramDesc &desc) { return desc.name == override.program; };
		if (std::none_of(programs.begin(), programs.end(), named)) {
			std::string names;
			for (const ProgramDesc &desc : programs)
				names += (names.empty() ? "" : ", ") + desc.name;
			return Error(ENOENT, "--target names program '" + override.program +
						     "', which the image does not have (it has " + names + ")");
		}
	}

	std::vector<AttachAction> plan;
	for (const ProgramDesc &desc : programs) {
		std::string_view target = desc.attach_target;
		/* The last override of a program wins, like a repeated option. */
		for (const TargetOverride &override : overrides)
			if (override.program == desc.name)
				target = override.target;

		Result<AttachTarget> parsed = target_from_descriptor(desc.prog_type, target);
		if (!parsed)
			return Error(parsed.error().code(), "program '" + desc.name + "' (" +
								    prog_type_name(desc.prog_type) +
								    "): " + parsed.error().message());
		plan.push_back(AttachAction{desc.name, parsed.release_value()});
	}
	return plan;
}

} // namespace rex
