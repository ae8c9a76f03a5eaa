# Soak: for SOAK_SECONDS (60), both CPUs run programs that panic (holding a
# spin lock, a ring-buffer reservation, a task reference), hit the stack
# check or time out, in a loop. Afterwards: the programs still work,
# kmemleak finds nothing, and the console scan (run by the harness) finds
# no lockdep report or warning.
secs=${SOAK_SECONDS:-60}
kml=/sys/kernel/debug/kmemleak
[ -w $kml ] || fail "no kmemleak (debug.config enables it)"
echo scan >$kml
echo clear >$kml
old=$(cat $REX_SYSCTL/timeout_ms)
trap 'echo "$old" >$REX_SYSCTL/timeout_ms' EXIT
echo 5 >$REX_SYSCTL/timeout_ms
for p in spinlock ringbuf task recursion loop panic_keep; do
	eval "id_$p=$(load_pinned $IMAGES/runtime/$p.rex $BPFFS/soak_$p)"
done
map_set $BPFFS/soak_spinlock/control 0 1 4
map_set $BPFFS/soak_ringbuf/control 0 1 8
map_set $BPFFS/soak_recursion/control 0 100000 4
map_set $BPFFS/soak_loop/control 0 1 8
worker() {
	end=$(($(date +%s) + secs))
	while [ "$(date +%s)" -lt "$end" ]; do
		for p in spinlock ringbuf task recursion panic_keep; do
			rex-test-run $BPFFS/soak_$p/$p -50 >/dev/null || exit 1
		done
		rex-test-run $BPFFS/soak_loop/loop -3 >/dev/null || exit 1
	done
}
lines_before=$(dmesg | grep -c "rex: prog ")
worker &
w1=$!
worker &
w2=$!
wait $w1 || fail "worker 1 failed"
wait $w2 || fail "worker 2 failed"
total=0
for p in spinlock ringbuf task recursion loop panic_keep; do
	eval "n=\$(prog_field \$id_$p panics)"
	echo "$p: $n panics"
	total=$((total + ${n:-0}))
done
[ "$total" -gt 1000 ] || fail "only $total panics in $secs s"
# dmesg got at most 10 report lines per 5 s (the rate limit), not one per panic.
lines=$(($(dmesg | grep -c "rex: prog ") - lines_before))
echo "dmesg: $lines report lines for $total panics"
[ "$lines" -le $(((secs / 5 + 2) * 10)) ] || fail "dmesg is not rate-limited: $lines lines"
# Everything still works: the lock and the ring buffer are free.
map_set $BPFFS/soak_spinlock/control 0 0 4
set -- $(rex-test-run $BPFFS/soak_spinlock/spinlock 5)
expect_eq "spinlock after the soak" "$2" 2
map_set $BPFFS/soak_ringbuf/control 0 0 8
rex-test-ringbuf $BPFFS/soak_ringbuf/events >/dev/null	# consume the discarded records
set -- $(rex-test-run $BPFFS/soak_ringbuf/ringbuf 1)
expect_eq "ringbuf after the soak" "$2" 2
set -- $(rex-test-ringbuf $BPFFS/soak_ringbuf/events)
expect_eq "ring buffer not blocked" "$6" 0
expect_eq "the new record is readable" "$2" 1
for p in spinlock ringbuf task recursion loop panic_keep; do
	rm -rf $BPFFS/soak_$p
done
# Objects younger than 5 s are not reported; let the last ones age.
sleep 6
echo scan >$kml
echo scan >$kml
leaks=$(cat $kml)
[ -z "$leaks" ] || fail "kmemleak reports after the soak: $(echo "$leaks" | head -n 40)"
