# A Rex program interrupted on its CPU by another Rex program (here a
# perf_event program firing from the timer interrupt while an XDP program
# runs) must not share the CPU's Rex stack: the nested run is refused and
# counted as a miss, and the interrupted program finishes correctly.
mkdir $BPFFS/nx $BPFFS/np
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/nx >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex load $IMAGES/samples/perf_count.rex --pin $BPFFS/np >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/np/perf_count perf cpu-clock --freq 4000 --pin $BPFFS/np_links >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
misses=0
for round in 1 2 3 4 5; do
	set -- $(rex-test-run $BPFFS/nx/xdp_count 300000)
	expect_eq "XDP return" "$2" 2
	set -- $(rex-test-prog-info $BPFFS/np/perf_count)
	misses=$4
	[ "$misses" -gt 0 ] && break
done
rex detach $BPFFS/np_links
echo "perf_count recursion_misses: $misses"
[ "$misses" -gt 0 ] || fail "no nested run was refused"
expect_eq "XDP packets (none lost to nesting)" "$(rex-test-map-lookup $BPFFS/nx/counters 0)" \
	$((300000 * round))
rm -rf $BPFFS/nx $BPFFS/np
