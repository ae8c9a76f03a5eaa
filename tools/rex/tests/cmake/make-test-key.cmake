# SPDX-License-Identifier: GPL-2.0
#
# A throwaway RSA-2048 key with a self-signed certificate, laid out like the
# kernel's certs/: <name>.pem holds key and certificate, <name>.crt the
# certificate alone (PEM), <name>.der the certificate in DER.
#
#   cmake -DOPENSSL=<openssl> -DNAME=<name> -DDIR=<dir> -P make-test-key.cmake

execute_process(
	COMMAND "${OPENSSL}" req -new -x509 -newkey rsa:2048 -nodes -sha256 -days 36500
		-subj "/CN=rex test key ${NAME}"
		-keyout "${DIR}/${NAME}.key" -out "${DIR}/${NAME}.crt"
	RESULT_VARIABLE status
	ERROR_VARIABLE output)
if(NOT status EQUAL 0)
	message(FATAL_ERROR "openssl req failed: ${output}")
endif()

execute_process(
	COMMAND "${OPENSSL}" x509 -in "${DIR}/${NAME}.crt" -outform DER -out "${DIR}/${NAME}.der"
	RESULT_VARIABLE status
	ERROR_VARIABLE output)
if(NOT status EQUAL 0)
	message(FATAL_ERROR "openssl x509 failed: ${output}")
endif()

file(READ "${DIR}/${NAME}.key" key)
file(READ "${DIR}/${NAME}.crt" cert)
file(WRITE "${DIR}/${NAME}.pem" "${key}${cert}")
file(REMOVE "${DIR}/${NAME}.key")
