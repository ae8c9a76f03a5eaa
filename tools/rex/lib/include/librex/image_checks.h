/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * What `rex build` refuses to turn into an image, checked on the object
 * clang produced, each problem told in one line that names the symbol:
 *
 *   - imports other than BPF helpers (bpf_*) and Rex runtime functions
 *     (rex_*): the kernel links nothing else;
 *   - imports used other than by a direct call, and GOT relocations: calls
 *     to the kernel are direct rel32 calls;
 *   - relocation types the kernel does not apply (it applies R_X86_64_64,
 *     PC32, PLT32, 32 and 32S);
 *   - global constructors and destructors (.init_array, .ctors, ...): there
 *     is nobody to run them, so globals must be constant-initialized;
 *   - thread-local storage and writable+executable sections.
 *
 * The kernel checks the same at load; failing here says why at build time.
 */

#include <librex/elf_object.h>

#include <string>
#include <vector>

namespace rex {

/* Empty when the object is fine. */
std::vector<std::string> check_image_object(const ElfObject &object);

} // namespace rex
