# A panic while holding a bpf_spin_lock releases it: the next run takes the
# same lock (a leaked lock would hang the CPU with interrupts off). Taking a
# second lock while holding one panics with a clear message, and the first
# is released each time. Runs on both CPUs at once share the lock.
id=$(load_pinned $IMAGES/runtime/spinlock.rex $BPFFS/sl)
map_set $BPFFS/sl/control 0 1 4
set -- $(rex-test-run $BPFFS/sl/spinlock 3)
expect_eq "return after panics holding the lock" "$2" 1
reports_of $id | grep -q "panic: panic holding a spin lock at .*/spinlock.cpp:" ||
	fail "no report: $(reports_of $id)"
map_set $BPFFS/sl/control 0 0 4
set -- $(rex-test-run $BPFFS/sl/spinlock 10)
expect_eq "return with the lock free again" "$2" 2
# counters[0] is {lock, count}: the u64 lookup sees count << 32 | lock word (0 when free).
expect_eq "count incremented under the lock, lock word free" \
	"$(rex-test-map-lookup $BPFFS/sl/counters 0)" $((10 << 32))

# Both CPUs at once on the same lock: acquires that find it taken wait in
# the queued spin lock's slow path, and no increment is lost (the count is
# a plain read-modify-write, only the lock makes it exclusive).
pids=
for cpu in 0 1; do
	taskset -c $cpu rex-test-run $BPFFS/sl/spinlock 200000 >/tmp/sl.$cpu &
	pids="$pids $!"
done
for p in $pids; do wait $p || fail "concurrent run failed"; done
expect_eq "return on CPU 0" "$(cut -d' ' -f2 /tmp/sl.0)" 2
expect_eq "return on CPU 1" "$(cut -d' ' -f2 /tmp/sl.1)" 2
expect_eq "count after 2 x 200000 concurrent runs, lock word free" \
	"$(rex-test-map-lookup $BPFFS/sl/counters 0)" $(((10 + 400000) << 32))

id=$(load_pinned $IMAGES/runtime/two_locks.rex $BPFFS/tl)
set -- $(rex-test-run $BPFFS/tl/two_locks 4)
expect_eq "return" "$2" 1
reports_of $id | grep -q "panic: second spin lock: a program holds at most one spin lock at a time" ||
	fail "no two-locks report: $(reports_of $id)"
expect_eq "panics" "$(prog_field $id panics)" 4
expect_eq "first lock taken and released 4 times" \
	"$(rex-test-map-lookup $BPFFS/tl/counters 0)" $((4 << 32))
rm -rf $BPFFS/sl $BPFFS/tl
