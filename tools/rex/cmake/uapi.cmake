# SPDX-License-Identifier: GPL-2.0
#
# rex::uapi: where <linux/bpf.h> comes from.
#
# The tools must see the UAPI of the kernel they run on, which knows about
# Rex, not the older copy installed on the build host.  REX_UAPI_DIR points at
# the output of the kernel's `make headers_install`; its include/ is added as
# a system include dir so it is searched before /usr/include.  When it is
# empty the host's linux-libc-dev headers are used (enough for plain eBPF).

set(REX_UAPI_DIR "" CACHE PATH
	"Kernel UAPI headers (headers_install output holding include/linux/bpf.h); empty: use the system headers")

add_library(rex_uapi INTERFACE)
add_library(rex::uapi ALIAS rex_uapi)

if(REX_UAPI_DIR)
	get_filename_component(REX_UAPI_INCLUDE_DIR "${REX_UAPI_DIR}/include" ABSOLUTE)
	if(NOT EXISTS "${REX_UAPI_INCLUDE_DIR}/linux/bpf.h")
		message(FATAL_ERROR
			"REX_UAPI_DIR=${REX_UAPI_DIR} has no include/linux/bpf.h; "
			"run the kernel's `make headers_install INSTALL_HDR_PATH=<dir>` first, "
			"or leave REX_UAPI_DIR empty to use the system headers")
	endif()
	target_include_directories(rex_uapi SYSTEM BEFORE INTERFACE "${REX_UAPI_INCLUDE_DIR}")
	set(REX_UAPI_DESCRIPTION "${REX_UAPI_INCLUDE_DIR}")
else()
	find_path(REX_SYSTEM_BPF_H_DIR linux/bpf.h)
	if(NOT REX_SYSTEM_BPF_H_DIR)
		message(FATAL_ERROR
			"no <linux/bpf.h> found: set REX_UAPI_DIR to the kernel's "
			"headers_install output, or install the system kernel headers "
			"(Debian: apt-get install linux-libc-dev)")
	endif()
	set(REX_UAPI_DESCRIPTION "system")
endif()

message(STATUS "rex: UAPI headers: ${REX_UAPI_DESCRIPTION}")

# <linux/rex.h> comes with the Rex kernel's headers_install.  Until that
# output holds it (or without REX_UAPI_DIR), use the copy in this tree,
# staged alone into the build tree so that nothing else in include/uapi can
# shadow the kernel headers chosen above; configure_file() also re-runs
# cmake when the header changes.
set(REX_TREE_UAPI_REX_H "${CMAKE_CURRENT_SOURCE_DIR}/../../include/uapi/linux/rex.h")
if(NOT (REX_UAPI_DIR AND EXISTS "${REX_UAPI_INCLUDE_DIR}/linux/rex.h"))
	configure_file("${REX_TREE_UAPI_REX_H}"
		"${CMAKE_BINARY_DIR}/uapi-fallback/include/linux/rex.h" COPYONLY)
	target_include_directories(rex_uapi SYSTEM INTERFACE
		"${CMAKE_BINARY_DIR}/uapi-fallback/include")
	message(STATUS "rex: <linux/rex.h>: ${REX_TREE_UAPI_REX_H}")
endif()
