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

# le_bytes N VALUE: VALUE as N little-endian bytes, as bpftool takes them.
le_bytes() {
	_n=$1 _v=$2 _out=""
	while [ "$_n" -gt 0 ]; do
		_out="$_out $((_v & 255))"
		_v=$((_v >> 8))
		_n=$((_n - 1))
	done
	echo $_out
}

# map_set PINNED KEY VALUE BYTES: array map element KEY (u32) := VALUE.
map_set() {
	bpftool map update pinned "$1" key $(le_bytes 4 "$2") value $(le_bytes "$4" "$3") ||
		fail "bpftool map update $1 [$2] = $3"
}

# load_pinned IMAGE DIR [rex load options]: load IMAGE, pin it in DIR, print its id.
load_pinned() {
	_img=$1 _dir=$2
	shift 2
	mkdir -p "$_dir"
	rex load "$_img" --pin "$_dir" "$@" >/tmp/load.out 2>&1 || fail "load $_img: $(cat /tmp/load.out)"
	sed -n 's/^loaded .* id \([0-9]*\).*/\1/p' /tmp/load.out | head -n 1
}

# prog_field ID FIELD: a column of /proc/rex/progs for program ID
# (state, policy, panics, timeouts, skipped).
prog_field() {
	awk -v id="$1" -v f="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == id { print $col[f]; found = 1 }
		END { if (!found) print "absent" }' /proc/rex/progs
}

# src_line IMAGE_SRC PATTERN: the line of the runtime test program's source
# (as shipped in the initramfs) that contains PATTERN.
src_line() {
	grep -n -F "$2" "$IMAGES/runtime/src/$1" | head -n 1 | cut -d: -f1
}

# reports_of ID: the panic reports of program ID (rex log).
reports_of() {
	rex log --prog "$1" 2>&1
}

# expect_report ID PATTERN WHAT: a report of program ID matches PATTERN
# (grep), or the scenario fails with "no WHAT report" and the reports.
expect_report() {
	reports_of "$1" | grep -q "$2" || fail "no $3 report: $(reports_of "$1")"
}
