// SPDX-License-Identifier: GPL-2.0
#include <librex/result.h>

#include <cstdio>
#include <cstdlib>

namespace rex::detail {

void result_misuse(const char *what)
{
	std::fprintf(stderr, "librex: bug: %s\n", what);
	std::abort();
}

} // namespace rex::detail
