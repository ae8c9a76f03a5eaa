# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the end-to-end scenarios (sourced; busybox sh).

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# as_nobody CMD...: run CMD with uid/gid 65534 and no capabilities.
as_nobody() {
	su -s /bin/sh nobody -c "$*"
}

REX_SYSCTL=/proc/sys/kernel/rex
