# The benchmark programs and their eBPF twins do what make bench says they
# do: it checks only their return values, here their effects are checked
# too (a twin whose tail calls failed, or a lookup that found nothing,
# would make a figure that measures something else).
D=$BPFFS/bp
trap 'rex detach $D/link 2>/dev/null; rm -rf $D' EXIT
for p in lookup spinlock recurse kprobe; do
	load_pinned $IMAGES/bench/$p.rex $D/rex/$p >/dev/null
done
mkdir -p $D/ebpf
rex-test-ebpf-twin lookup $D/ebpf/lookup_16 16 || fail "lookup twin"
rex-test-ebpf-twin spinlock $D/ebpf/spin_16 16 || fail "spinlock twin"
rex-test-ebpf-twin tailcall $D/ebpf/tail_33 32 || fail "tailcall twin"
rex-test-ebpf-twin kprobe $D/ebpf/kprobe || fail "kprobe twin"

# The test frame's first 16 bytes are 12 zeros, 0x08, 0, 0x45, 0: key 0
# is counted 14 times, key 8 once, 0x45 is out of the 16-entry map.
for side in "rex $D/rex/lookup/xdp_lookup16 $D/rex/lookup/counters" \
	    "ebpf $D/ebpf/lookup_16 $D/ebpf/lookup_16_map"; do
	set -- $side
	name=$1 prog=$2 map=$3
	set -- $(rex-test-run $prog 1)
	expect_eq "$name: 16 lookups return XDP_PASS" "$2" 2
	expect_eq "$name: key 0 counted" "$(rex-test-map-lookup $map 0)" 14
	expect_eq "$name: key 8 counted" "$(rex-test-map-lookup $map 8)" 1
	expect_eq "$name: key 1 untouched" "$(rex-test-map-lookup $map 1)" 0
done

# { lock, count }: the first 8 bytes read as count << 32 (the lock is free).
for side in "rex $D/rex/spinlock/xdp_spinlock16 $D/rex/spinlock/counters" \
	    "ebpf $D/ebpf/spin_16 $D/ebpf/spin_16_map"; do
	set -- $side
	name=$1 prog=$2 map=$3
	set -- $(rex-test-run $prog 2)
	expect_eq "$name: 16 lock pairs return XDP_PASS" "$2" 2
	expect_eq "$name: 32 counts, lock released" "$(rex-test-map-lookup $map 0)" 137438953472
done

# The tail-call twin returns XDP_PASS only from its last level
# (XDP_ABORTED if a tail call failed). (Rex recursion's depth is checked by
# runtime/recursion.)
set -- $(rex-test-run $D/ebpf/tail_33 1)
expect_eq "eBPF: 33 tail calls reach the last level" "$2" 2

# The kprobe figure's programs, attached as make bench attaches them, count
# every getppid call.
for side in "rex $D/rex/kprobe/kprobe_runs $D/rex/kprobe/runs" "ebpf $D/ebpf/kprobe $D/ebpf/kprobe_map"; do
	set -- $side
	name=$1 prog=$2 map=$3
	rex attach $prog kprobe __x64_sys_getppid --pin $D/link >/tmp/out 2>&1 || fail "$name: attach: $(cat /tmp/out)"
	rex-test-trigger getppid-ns 100 >/tmp/out || fail "$name: trigger: $(cat /tmp/out)"
	grep -qx '[0-9][0-9]*' /tmp/out || fail "$name: getppid-ns prints no time: $(cat /tmp/out)"
	expect_eq "$name: kprobe runs counted" "$(rex-test-map-lookup $map 0)" 100
	rex detach $D/link >/dev/null || fail "$name: detach"
done
rm -rf $D
