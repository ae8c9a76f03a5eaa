#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run_check.sh REX_CHECK FILE: one rex-check corpus test.  A file whose first
# line is "// expect: RULE" must make rex-check exit 1 and report [RULE];
# any other file must be clean (exit 0).
check=$1
file=$2
output=$("$check" "$file" 2>&1)
status=$?
printf '%s\n' "$output"
rule=$(sed -n '1s#^// expect: *##p' "$file")
if [ -z "$rule" ]; then
	[ "$status" -eq 0 ] && exit 0
	echo "run_check: expected $file to be clean, rex-check exited $status" >&2
	exit 1
fi
if [ "$status" -ne 1 ]; then
	echo "run_check: expected exit 1 for $file, rex-check exited $status" >&2
	exit 1
fi
if ! printf '%s\n' "$output" | grep -q "error: \[$rule\]"; then
	echo "run_check: expected an error [$rule] for $file" >&2
	exit 1
fi
exit 0
