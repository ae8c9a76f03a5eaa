#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks, run in the guest by 'make bench'. Each figure compares a Rex
# program with its eBPF twin in the same boot, interleaved, ROUNDS times.
# Output lines: "bench <name> <rex|ebpf> <mean ns per run>"; the host
# computes medians and ratios (tools/testing/rex/bench.py).
#
#   xdp_empty       return XDP_PASS (the dispatcher's cost)
#   map_lookup      array-map lookup and increment (eBPF: lookup inlined)
#   spin_lock       array-map lookup, lock, count, unlock
#   recurse_d1/d33  1 and 33 levels of recursion (Rex) vs tail calls (eBPF);
#                   bench.py derives the cost per level from the two
#   watchdog_idle   the eBPF empty program with the Rex watchdog armed (a
#                   Rex program loaded, none running: "rex") and off ("ebpf")
ROUNDS=${ROUNDS:-11}
REPEAT=${REPEAT:-1000000}
B=/sys/fs/bpf
set -e

# run NAME KIND PINNED [PACKET_BYTES]: one round of one figure
run() {
	set -- "$1" "$2" "$3" $(rex-test-run "$3" "$REPEAT" ${4:-64})
	[ "$5" = 2 ] || { echo "bench: $1 $2 returned $5, not XDP_PASS"; exit 1; }
	echo "bench $1 $2 $7"
}

for p in xdp_pass lookup spinlock recurse; do	# own directories: map names repeat
	mkdir -p $B/bench_rex/$p
	rex load /usr/share/rex/images/bench/$p.rex --pin $B/bench_rex/$p >/dev/null
done
rex-test-pin-prog bench_ebpf $B/bench_ebpf >/dev/null
rex-test-ebpf-twin spinlock $B/bench_ebpf_spin
rex-test-ebpf-twin lookup $B/bench_ebpf_lookup
rex-test-ebpf-twin tailcall $B/bench_ebpf_tail1 0
rex-test-ebpf-twin tailcall $B/bench_ebpf_tail33 32
for i in $(seq "$ROUNDS"); do
	run xdp_empty rex $B/bench_rex/xdp_pass/xdp_pass
	run xdp_empty ebpf $B/bench_ebpf
	run map_lookup rex $B/bench_rex/lookup/xdp_lookup
	run map_lookup ebpf $B/bench_ebpf_lookup
	run spin_lock rex $B/bench_rex/spinlock/xdp_spinlock
	run spin_lock ebpf $B/bench_ebpf_spin
	run recurse_d1 rex $B/bench_rex/recurse/xdp_recurse 14
	run recurse_d1 ebpf $B/bench_ebpf_tail1
	run recurse_d33 rex $B/bench_rex/recurse/xdp_recurse 46
	run recurse_d33 ebpf $B/bench_ebpf_tail33
done
rm -rf $B/bench_rex

# The watchdog runs while any Rex program is loaded: compare the eBPF
# empty program with one Rex program loaded (timers armed) and none.
mkdir $B/bench_wd
for i in $(seq "$ROUNDS"); do
	rex load /usr/share/rex/images/bench/xdp_pass.rex --pin $B/bench_wd >/dev/null
	run watchdog_idle rex $B/bench_ebpf
	rm -f $B/bench_wd/xdp_pass
	n=0		# the program is freed after an RCU grace period
	while grep -q "^[0-9]" /proc/rex/progs; do
		n=$((n + 1))
		[ $n -lt 50 ] || { echo "bench: a Rex program is still loaded"; exit 1; }
		sleep 0.1
	done
	run watchdog_idle ebpf $B/bench_ebpf
done
rm -rf $B/bench_wd $B/bench_ebpf $B/bench_ebpf_spin $B/bench_ebpf_lookup $B/bench_ebpf_tail1 $B/bench_ebpf_tail33
