/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <string>
#include <string_view>

namespace rex {

/* "rex::f(int)" for "_ZN3rex1fEi"; a name that is not mangled comes back as is. */
std::string demangle(std::string_view symbol);

} // namespace rex
