# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-QEMU end-to-end tests (tools/testing/rex/).  Their
# sources live next to those tests; they are built here so that they see the
# same UAPI headers and toolchain as rex.  They run in a busybox initramfs
# without a libc, hence -static.

set(REX_TEST_HELPERS_DIR "${CMAKE_CURRENT_SOURCE_DIR}/../testing/rex/helpers")

add_executable(rex-test-pin-prog "${REX_TEST_HELPERS_DIR}/pin-prog.c")
target_link_libraries(rex-test-pin-prog PRIVATE rex::uapi)
target_link_options(rex-test-pin-prog PRIVATE -static)
set_target_properties(rex-test-pin-prog PROPERTIES
	RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/helpers")
