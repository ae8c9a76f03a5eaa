#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The demo run by 'make run': show the Rex runtime and what is loaded.
set -e
echo "==== Rex demo ===="
uname -r
rex --version
echo "-- Rex runtime ($(dmesg | grep -o 'rex: runtime ready.*'))"
for f in /proc/sys/kernel/rex/*; do
	printf '  %-20s %s\n' "${f##*/}" "$(cat "$f")"
done
echo "-- rex list"
# An ordinary eBPF XDP program, pinned, so the list has something in it.
rex-test-pin-prog demo_xdp /sys/fs/bpf/demo_xdp >/dev/null
rex list
rm /sys/fs/bpf/demo_xdp
echo "==== demo done ===="
