# A panic while holding a bpf_spin_lock releases it: the next run takes the
# same lock (a leaked lock would hang the CPU with interrupts off). Taking a
# second lock while holding one panics with a clear message, and the first
# is released each time. Runs on both CPUs at once share the lock.
id=$(load_pinned $IMAGES/runtime/spinlock.rex $BPFFS/sl)
map_set $BPFFS/sl/control 0 1 4
set -- $(rex-test-run $BPFFS/sl/spinlock 3)
expect_eq "return after panics holding the lock" "$2" 1
expect_report $id "panic: panic holding a spin lock at .*/spinlock.cpp:" "panic"
map_set $BPFFS/sl/control 0 0 4
set -- $(rex-test-run $BPFFS/sl/spinlock 10)
expect_eq "return with the lock free again" "$2" 2
# counters[0] is a rex::locked<u32>, {lock, data}: the u64 lookup sees
# data << 32 (the kernel reads the lock word of a BTF-described value as 0).
expect_eq "count incremented under the lock" \
	"$(rex-test-map-lookup $BPFFS/sl/counters 0)" $((10 << 32))

# rex load created counters with BTF that puts a struct bpf_spin_lock at
# offset 0 of its values, so whole-value writes from user space leave the
# lock word alone. A value whose lock bytes are all ones would otherwise
# leave the lock looking taken forever, and the next run would spin with
# interrupts off (so that run only comes after the BTF is seen).
bpftool map show pinned $BPFFS/sl/counters >/tmp/sl.show 2>&1 || fail "bpftool: $(cat /tmp/sl.show)"
if grep -q "btf_id [1-9]" /tmp/sl.show; then
	map_set $BPFFS/sl/counters 0 $(((7 << 32) | 0xffffffff)) 8
	set -- $(rex-test-run $BPFFS/sl/spinlock 1)
	expect_eq "run after a user-space write over the lock bytes" "$2" 2
	expect_eq "the write set the data, the run took the lock and counted" \
		"$(rex-test-map-lookup $BPFFS/sl/counters 0)" $((8 << 32))
	map_set $BPFFS/sl/counters 0 $((10 << 32)) 8
else
	fail "counters has no BTF: $(cat /tmp/sl.show)"
fi

# The kernel holds the image to its descriptor: a map of locked values
# must come with that BTF (panic_keep's runs is a plain array<u64, 1>, the
# same shape), and a map with a spin lock the image does not declare is
# refused too. Both EBADFD, with the reason in the log.
#
# refused WHAT ERRNO LOG ARGS...: rex-test-raw-load ARGS fails with ERRNO, LOG in the kernel's log.
refused() {
	_what=$1 _errno=$2 _log=$3
	shift 3
	rex-test-raw-load "$@" >/tmp/out 2>&1 && fail "$_what: loaded"
	cat /tmp/out
	grep -q "^errno $_errno$" /tmp/out || fail "$_what: expected $_errno"
	grep -qF "$_log" /tmp/out || fail "$_what: the log does not say why"
}

mkdir $BPFFS/pk
rex load $IMAGES/runtime/panic_keep.rex --pin $BPFFS/pk >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
refused "spinlock with a map without BTF" EBADFD \
	"map 0 (counters): the image takes a spin lock at offset 0 of its values, but the fd's map has no BTF" \
	$IMAGES/runtime/spinlock.rex xdp --map-fd-from $BPFFS/pk/runs --map-fd-from $BPFFS/sl/control
refused "panic_keep with a map that holds a spin lock" EBADFD \
	"map 0 (runs): the fd's map has BTF special fields 0x1 in its values" \
	$IMAGES/runtime/panic_keep.rex xdp --map-fd-from $BPFFS/sl/counters
rm -rf $BPFFS/pk

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
expect_eq "count after 2 x 200000 concurrent runs" \
	"$(rex-test-map-lookup $BPFFS/sl/counters 0)" $(((10 + 400000) << 32))

id=$(load_pinned $IMAGES/runtime/two_locks.rex $BPFFS/tl)
set -- $(rex-test-run $BPFFS/tl/two_locks 4)
expect_eq "return" "$2" 1
expect_report $id "panic: second spin lock: a program holds at most one spin lock at a time" "two-locks"
expect_eq "panics" "$(prog_field $id panics)" 4
expect_eq "first lock taken and released 4 times" \
	"$(rex-test-map-lookup $BPFFS/tl/counters 0)" $((4 << 32))

# As in BPF, tracing programs may not use a map with a spin lock (with
# BPF_F_LOCK the kernel would take it, maybe in an NMI): loop_kprobe's
# control is array<u64, 2>, the shape of two_locks' counters.
refused "a kprobe program with a map that holds a spin lock" EACCES \
	"map 0 (control): tracing programs (type 2) cannot use maps with spin locks" \
	$IMAGES/runtime/loop_kprobe.rex kprobe --map-fd-from $BPFFS/tl/counters
rm -rf $BPFFS/sl $BPFFS/tl

# No helper is called under a lock (as in BPF): the call panics before it
# is made, and the lock is released each time.
id=$(load_pinned $IMAGES/runtime/lock_call.rex $BPFFS/hu)
set -- $(rex-test-run $BPFFS/hu/lock_call 3)
expect_eq "helper under a lock: return" "$2" 1
expect_report $id "panic: kernel call while holding a spin lock: release it first" "helper-under-lock"
expect_eq "helper under a lock: panics" "$(prog_field $id panics)" 3
expect_eq "helper under a lock: the lock was taken (and released) 3 times" \
	"$(rex-test-map-lookup $BPFFS/hu/counters 0)" $((3 << 32))
rm -rf $BPFFS/hu

# A hash map of locked values: its BTF has a struct key of the key's size.
id=$(load_pinned $IMAGES/runtime/hash_lock.rex $BPFFS/hl)
set -- $(rex-test-run $BPFFS/hl/hash_lock 5)
expect_eq "hash_lock return" "$2" 2
bpftool map show pinned $BPFFS/hl/totals | grep -q "btf_id [1-9]" || fail "the hash map of locked values has no BTF"
# totals[1]: the lock word (read as 0), the padding update() zeroed, data 5
rex map dump $BPFFS/hl/totals >/tmp/hl.out 2>&1 || fail "rex map dump: $(cat /tmp/hl.out)"
cat /tmp/hl.out
grep -q "^key 1 (01 00 00 00)  value: 00 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00$" /tmp/hl.out ||
	fail "totals[1] is not 5 runs after a zeroed lock word and padding"
rm -rf $BPFFS/hl
