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
IMAGES=/usr/share/rex/images
BPFFS=/sys/fs/bpf

# expect_refused IMAGE TYPE ERRNO MESSAGE: the kernel refuses IMAGE, loaded
# as it is (no user-space checks), with ERRNO and MESSAGE in its log.
expect_refused() {
	if rex-test-raw-load "$IMAGES/bad/$1" "$2" >/tmp/refused.out 2>&1; then
		fail "$1 was loaded"
	fi
	cat /tmp/refused.out
	grep -q "^errno $3\$" /tmp/refused.out || fail "$1: expected $3"
	grep -q "$4" /tmp/refused.out || fail "$1: the log does not say '$4'"
}
