# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-QEMU end-to-end tests (tools/testing/rex/).  Their
# sources live next to those tests; they are built here so that they see the
# same UAPI headers and toolchain as rex.  They run in a busybox initramfs
# without a libc, hence -static.

set(REX_TEST_HELPERS_DIR "${CMAKE_CURRENT_SOURCE_DIR}/../testing/rex/helpers")

foreach(helper pin-prog trigger run map-lookup raw-load prog-info ringbuf ebpf-twin perf-read memcache)
	add_executable(rex-test-${helper} "${REX_TEST_HELPERS_DIR}/${helper}.c")
	target_link_libraries(rex-test-${helper} PRIVATE rex::uapi)
	target_link_options(rex-test-${helper} PRIVATE -static)
	set_target_properties(rex-test-${helper} PROPERTIES
		RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/helpers")
endforeach()
