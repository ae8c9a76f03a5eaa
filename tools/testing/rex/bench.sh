#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks, run in the guest by 'make bench'. Each figure compares a Rex
# program with its eBPF twin in the same boot, interleaved, ROUNDS times.
# Output lines: "bench <name> <rex|ebpf> <mean ns per run>"; the host
# computes medians and ratios (tools/testing/rex/bench.py).
ROUNDS=${ROUNDS:-11}
REPEAT=${REPEAT:-1000000}
set -e

mkdir /sys/fs/bpf/bench_rex
rex load /usr/share/rex/images/bench/xdp_pass.rex --pin /sys/fs/bpf/bench_rex >/dev/null
rex-test-pin-prog bench_ebpf /sys/fs/bpf/bench_ebpf >/dev/null
for i in $(seq "$ROUNDS"); do
	for kind in rex ebpf; do
		case $kind in
		rex) prog=/sys/fs/bpf/bench_rex/xdp_pass ;;
		ebpf) prog=/sys/fs/bpf/bench_ebpf ;;
		esac
		set -- $(rex-test-run "$prog" "$REPEAT")
		[ "$2" = 2 ] || { echo "bench: $kind returned $2, not XDP_PASS"; exit 1; }
		echo "bench xdp_empty $kind $4"
	done
done
rm -rf /sys/fs/bpf/bench_rex /sys/fs/bpf/bench_ebpf
