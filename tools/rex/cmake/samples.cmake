# SPDX-License-Identifier: GPL-2.0
#
# The sample programs (samples/rex/<name>/<name>.cpp), built with the rex
# built here into <build>/samples/<name>.rex as part of `all`.  They are
# signed with the kernel build's key when it exists at build time, and left
# unsigned otherwise (so the tools build before the kernel does).

get_filename_component(REX_SAMPLES_SOURCE_DIR "${CMAKE_SOURCE_DIR}/../../samples/rex" ABSOLUTE)
set(REX_SAMPLES xdp_count tc_count kprobe_count tp_exec perf_count)
set(REX_SAMPLES_OUTPUT_DIR "${CMAKE_BINARY_DIR}/samples")

file(GLOB REX_SUPPORT_HEADERS CONFIGURE_DEPENDS "${REX_SUPPORT_DIR}/rex/*.hpp")

set(rex_sample_images)
foreach(name IN LISTS REX_SAMPLES)
	set(source "${REX_SAMPLES_SOURCE_DIR}/${name}/${name}.cpp")
	set(image "${REX_SAMPLES_OUTPUT_DIR}/${name}.rex")
	add_custom_command(
		OUTPUT "${image}"
		COMMAND "${CMAKE_COMMAND}" -E make_directory "${REX_SAMPLES_OUTPUT_DIR}"
		COMMAND sh -c "if [ -f \"$1\" ]; then exec \"$0\" build --key \"$1\" \"$2\" -o \"$3\"; else exec \"$0\" build --no-sign \"$2\" -o \"$3\"; fi"
			"$<TARGET_FILE:rex>" "${REX_DEFAULT_SIGNING_KEY}" "${source}" "${image}"
		DEPENDS rex "${source}" ${REX_SUPPORT_HEADERS} "${REX_TREE_UAPI_DIR}/linux/rex.h"
		COMMENT "rex build ${name}"
		VERBATIM)
	list(APPEND rex_sample_images "${image}")
endforeach()

add_custom_target(rex_samples ALL DEPENDS ${rex_sample_images})
