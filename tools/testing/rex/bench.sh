#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks, run in the guest by 'make bench'. Each figure compares a Rex
# program with its eBPF twin in the same boot, interleaved, ROUNDS times
# (the kprobe figure also with no program, bmc with memcached alone).
# Output lines: "bench <name> <rex|ebpf|none|memcached> <mean ns>"; the host
# computes medians, ratios and the per-operation figures
# (tools/testing/rex/bench.py).
#
# Arguments: the groups to run (xdp watchdog kprobe bmc; all by default),
# from make bench's BENCH_FIGURES.
#
#   xdp_empty       return XDP_PASS (the dispatcher's cost)
#   lookup_1/16     1 and 16 array-map lookups (key: a packet byte) with an
#                   increment (eBPF: lookups inlined by the verifier)
#   spin_lock_1/16  an array-map lookup, then 1 and 16 times lock, count,
#                   unlock
#   recurse_d1/d33  1 and 33 levels of recursion (Rex) vs tail calls (eBPF)
#   watchdog_idle   the eBPF empty program with the Rex watchdog armed (a
#                   Rex program loaded, none running: "rex") and off ("ebpf")
#   kprobe_getppid  a getppid(2) loop with a counting kprobe program on the
#                   syscall, Rex and eBPF in turn, and with none ("none";
#                   output: mean ns per call)
#   bmc_get         UDP gets of one key, one after the other, answered by
#                   bmc at XDP ("rex") and by memcached with bmc detached
#                   ("memcached"; output: mean ns per get)
ROUNDS=${ROUNDS:-11}
REPEAT=${REPEAT:-1000000}
CALLS=${CALLS:-100000}		# getppid calls per kprobe round
GETS=${GETS:-2000}		# memcached gets per bmc round
B=/sys/fs/bpf
FIGURES=${*:-xdp watchdog kprobe bmc}
set -e

for f in $FIGURES; do
	case " xdp watchdog kprobe bmc " in
	*" $f "*) ;;
	*) echo "bench: no figure group '$f' (xdp watchdog kprobe bmc)"; exit 1 ;;
	esac
done
want() { case " $FIGURES " in *" $1 "*) return 0 ;; esac; return 1; }

# run NAME KIND PINNED [PACKET_BYTES]: one round of one figure
run() {
	set -- "$1" "$2" "$3" $(rex-test-run "$3" "$REPEAT" ${4:-64})
	[ "$5" = 2 ] || { echo "bench: $1 $2 returned $5, not XDP_PASS"; exit 1; }
	echo "bench $1 $2 $7"
}

E=$B/bench_ebpf
mkdir -p $E
rex-test-pin-prog bench_ebpf $E/empty >/dev/null

if want xdp; then
	for p in xdp_pass lookup spinlock recurse; do	# own directories: map names repeat
		mkdir -p $B/bench_rex/$p
		rex load /usr/share/rex/images/bench/$p.rex --pin $B/bench_rex/$p >/dev/null
	done
	R=$B/bench_rex
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
fi

if want watchdog; then
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
	rm -rf $B/bench_wd
fi

if want kprobe; then
	# A kprobe program's cost is timed from user space, as a syscall's. The
	# kernel finishes an attach or detach in deferred work (the kprobe's
	# jump optimization a few ticks later, RCU callbacks), which the loop
	# would otherwise time too: settle waits it out.
	settle() { sleep 1; }
	K=$B/bench_kprobe
	mkdir -p $K
	rex load /usr/share/rex/images/bench/kprobe.rex --pin $K >/dev/null
	rex-test-ebpf-twin kprobe $E/kprobe
	for i in $(seq "$ROUNDS"); do
		for side in "rex $K/kprobe_runs" "ebpf $E/kprobe"; do
			set -- $side
			rex attach "$2" kprobe __x64_sys_getppid --pin $K/link >/dev/null
			settle
			t=$(rex-test-trigger getppid-ns "$CALLS")
			echo "bench kprobe_getppid $1 $t"
			rex detach $K/link >/dev/null
		done
		settle
		t=$(rex-test-trigger getppid-ns "$CALLS")
		echo "bench kprobe_getppid none $t"
	done
	rm -rf $K
fi

if want bmc; then
	# bmc in front of memcached on lo (as the samples/bmc scenario sets it up):
	# the same get answered from bmc's cache, and by memcached with bmc
	# detached. memcached's get_hits must not move while bmc answers, and
	# must count every get while it answers alone.
	mc=rex-test-memcache
	M=$B/bench_bmc
	memcached -u root -l 127.0.0.1 -p 11211 -U 11211 -t 1 -m 16 -d -P /tmp/bench-memcached.pid
	n=0
	until $mc tcp version >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 50 ] || { echo "bench: memcached does not answer"; exit 1; }
		sleep 0.1
	done
	mkdir -p $M
	rex load /usr/share/rex/images/samples/bmc.rex --pin $M >/dev/null
	$mc set bench_key "$(printf '%0100d' 7)" >/dev/null
	for i in $(seq "$ROUNDS"); do
		rex attach $M/bmc_rx xdp lo --mode generic --pin $M/rx_link >/dev/null
		rex attach $M/bmc_tx tc lo egress --pin $M/tx_link >/dev/null
		$mc get bench_key >/dev/null	# bmc_tx caches the reply if it is not cached yet
		hits=$($mc stat get_hits)
		t=$($mc bench bench_key "$GETS")
		echo "bench bmc_get rex $t"
		[ "$($mc stat get_hits)" = "$hits" ] || { echo "bench: gets reached memcached with bmc attached"; exit 1; }
		rex detach $M/rx_link >/dev/null
		rex detach $M/tx_link >/dev/null
		hits=$($mc stat get_hits)
		t=$($mc bench bench_key "$GETS")
		echo "bench bmc_get memcached $t"
		[ "$($mc stat get_hits)" = $((hits + GETS)) ] || { echo "bench: memcached did not answer the gets"; exit 1; }
	done
	kill "$(cat /tmp/bench-memcached.pid)"
	rm -rf $M
fi
rm -rf $E
