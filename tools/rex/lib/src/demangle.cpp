// SPDX-License-Identifier: GPL-2.0
#include <librex/demangle.h>

#include <cstdlib>
#include <cxxabi.h>

namespace rex {

std::string demangle(std::string_view symbol)
{
	std::string name(symbol);
	if (name.rfind("_Z", 0) != 0)
		return name;
	int status = 0;
	char *readable = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
	if (status != 0 || !readable)
		return name;
	std::string result(readable);
	std::free(readable);
	return result;
}

} // namespace rex
