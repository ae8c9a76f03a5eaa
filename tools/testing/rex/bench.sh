#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks, run in the guest by 'make bench'. Each figure compares a Rex
# program with its eBPF twin in the same boot, interleaved, ROUNDS times.
# Output lines: "bench <name> <rex|ebpf> <mean ns per run>"; the host
# computes medians, ratios and the per-operation figures
# (tools/testing/rex/bench.py).
#
#   xdp_empty       return XDP_PASS (the dispatcher's cost)
#   lookup_1/16     1 and 16 array-map lookups (key: a packet byte) with an
#                   increment (eBPF: lookups inlined by the verifier)
#   spin_lock_1/16  an array-map lookup, then 1 and 16 times lock, count,
#                   unlock
#   recurse_d1/d33  1 and 33 levels of recursion (Rex) vs tail calls (eBPF)
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
R=$B/bench_rex E=$B/bench_ebpf
mkdir -p $E
rex-test-pin-prog bench_ebpf $E/empty >/dev/null
for n in 1 16; do
	rex-test-ebpf-twin lookup $E/lookup_$n $n
	rex-test-ebpf-twin spinlock $E/spin_lock_$n $n
done
rex-test-ebpf-twin tailcall $E/tail_1 0
rex-test-ebpf-twin tailcall $E/tail_33 32
for i in $(seq "$ROUNDS"); do
	run xdp_empty rex $R/xdp_pass/xdp_pass
	run xdp_empty ebpf $E/empty
	run lookup_1 rex $R/lookup/xdp_lookup
	run lookup_1 ebpf $E/lookup_1
	run lookup_16 rex $R/lookup/xdp_lookup16
	run lookup_16 ebpf $E/lookup_16
	run spin_lock_1 rex $R/spinlock/xdp_spinlock
	run spin_lock_1 ebpf $E/spin_lock_1
	run spin_lock_16 rex $R/spinlock/xdp_spinlock16
	run spin_lock_16 ebpf $E/spin_lock_16
	run recurse_d1 rex $R/recurse/xdp_recurse 14
	run recurse_d1 ebpf $E/tail_1
	run recurse_d33 rex $R/recurse/xdp_recurse 46
	run recurse_d33 ebpf $E/tail_33
done
rm -rf $R

# The watchdog runs while any Rex program is loaded: compare the eBPF
# empty program with one Rex program loaded (timers armed) and none.
mkdir $B/bench_wd
for i in $(seq "$ROUNDS"); do
	rex load /usr/share/rex/images/bench/xdp_pass.rex --pin $B/bench_wd >/dev/null
	run watchdog_idle rex $E/empty
	rm -f $B/bench_wd/xdp_pass
	n=0		# the program is freed after an RCU grace period
	while grep -q "^[0-9]" /proc/rex/progs; do
		n=$((n + 1))
		[ $n -lt 50 ] || { echo "bench: a Rex program is still loaded"; exit 1; }
		sleep 0.1
	done
	run watchdog_idle ebpf $E/empty
done
rm -rf $B/bench_wd $E
