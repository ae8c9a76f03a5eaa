# A panic while holding a bpf_spin_lock releases it: the next run takes the
# same lock (a leaked lock would hang the CPU with interrupts off). Taking a
# second lock while holding one panics with a clear message, and the first
# is released each time.
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

id=$(load_pinned $IMAGES/runtime/two_locks.rex $BPFFS/tl)
set -- $(rex-test-run $BPFFS/tl/two_locks 4)
expect_eq "return" "$2" 1
reports_of $id | grep -q "panic: second spin lock: a program holds at most one spin lock at a time" ||
	fail "no two-locks report: $(reports_of $id)"
expect_eq "panics" "$(prog_field $id panics)" 4
expect_eq "first lock taken and released 4 times" \
	"$(rex-test-map-lookup $BPFFS/tl/counters 0)" $((4 << 32))
rm -rf $BPFFS/sl $BPFFS/tl
