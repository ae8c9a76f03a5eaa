# SPDX-License-Identifier: GPL-2.0
#
# Test data built with the tests (target rex_test_data):
#
#   images/<name>.rex  from images/<name>.c, compiled as rex build compiles
#                      (clang-19 -c -fno-pic -mcmodel=kernel -O2
#                      -fcf-protection=branch): hand-made
#                      Rex images with known descriptors
#   keys/{a,b}.pem     throwaway RSA-2048 keys with self-signed certificates
#                      (plus .crt and .der), so tests never need the kernel's

find_program(REX_TEST_CLANG NAMES clang-19 clang REQUIRED)
find_program(REX_TEST_OPENSSL NAMES openssl REQUIRED)

set(REX_TEST_IMAGE_DIR "${CMAKE_CURRENT_BINARY_DIR}/images")
set(REX_TEST_KEY_DIR "${CMAKE_CURRENT_BINARY_DIR}/keys")
file(MAKE_DIRECTORY "${REX_TEST_IMAGE_DIR}" "${REX_TEST_KEY_DIR}")

set(rex_test_data_files)

foreach(image sample_image minimal_image)
	set(output "${REX_TEST_IMAGE_DIR}/${image}.rex")
	add_custom_command(OUTPUT "${output}"
		COMMAND "${REX_TEST_CLANG}" -c -fno-pic -mcmodel=kernel -O2 -fcf-protection=branch -Wall -Wextra -Werror
			"-I$<JOIN:$<TARGET_PROPERTY:rex_uapi,INTERFACE_INCLUDE_DIRECTORIES>,;-I>"
			-o "${output}" "${CMAKE_CURRENT_SOURCE_DIR}/images/${image}.c"
		DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/images/${image}.c" "${REX_TREE_UAPI_REX_H}"
		COMMENT "Compiling test image ${image}.rex"
		COMMAND_EXPAND_LISTS
		VERBATIM)
	list(APPEND rex_test_data_files "${output}")
endforeach()

foreach(key a b)
	add_custom_command(OUTPUT "${REX_TEST_KEY_DIR}/${key}.pem" "${REX_TEST_KEY_DIR}/${key}.crt"
			"${REX_TEST_KEY_DIR}/${key}.der"
		COMMAND "${CMAKE_COMMAND}" -DOPENSSL=${REX_TEST_OPENSSL} -DNAME=${key} -DDIR=${REX_TEST_KEY_DIR}
			-P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/make-test-key.cmake"
		DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/cmake/make-test-key.cmake"
		COMMENT "Generating throwaway signing key ${key}"
		VERBATIM)
	list(APPEND rex_test_data_files "${REX_TEST_KEY_DIR}/${key}.pem")
endforeach()

add_custom_target(rex_test_data DEPENDS ${rex_test_data_files})
