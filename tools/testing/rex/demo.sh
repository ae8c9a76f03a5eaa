#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The demo run by 'make run': load a signed Rex sample, run it, show it.
set -e
img=/usr/share/rex/images/samples/xdp_count.rex
pin=/sys/fs/bpf/xdp_count

echo "==== Rex demo ===="
echo "kernel $(uname -r), $(rex --version | head -n 1)"
echo "-- $(dmesg | grep -o 'rex: runtime ready.*')"
for f in /proc/sys/kernel/rex/*; do
	printf '   %-18s %s\n' "${f##*/}" "$(cat "$f")"
done
echo "-- rex inspect $img"
rex inspect "$img"
echo "-- rex load"
mkdir "$pin"
rex load "$img" --pin "$pin"
echo "-- 10 packets of 64 bytes through the program (BPF_PROG_TEST_RUN)"
rex-test-run "$pin/xdp_count" 10 64
echo "   packets counted: $(rex-test-map-lookup "$pin/counters" 0)"
echo "   bytes counted:   $(rex-test-map-lookup "$pin/counters" 1)"
echo "-- rex list"
rex list
rm -rf "$pin"
echo "==== demo done ===="
