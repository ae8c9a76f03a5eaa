# A panic while holding a task reference drops it. 200 processes each run
# the program once and panic holding a reference to themselves; after they
# exit, the task_struct slab returns to its baseline (a leaked reference
# keeps each task_struct forever: +200).
# Objects in use. The shrink first frees the ones KASAN holds in its
# quarantine (freed, but counted in use until it lets them go).
task_structs() {
	shrink=/sys/kernel/slab/task_struct/shrink
	[ -w $shrink ] && echo 1 >$shrink
	awk '$1 == "task_struct" { print $2 }' /proc/slabinfo
}
id=$(load_pinned $IMAGES/runtime/task.rex $BPFFS/tk)
sleep 1
before=$(task_structs)
i=0
while [ $i -lt 200 ]; do
	rex-test-run $BPFFS/tk/task 1 >/dev/null || fail "test run failed"
	i=$((i + 1))
done
sleep 2
after=$(task_structs)
echo "task_struct objects: $before before, $after after 200 panics holding a reference"
expect_eq "panics" "$(prog_field $id panics)" 200
[ $((after - before)) -lt 50 ] || fail "task_structs grew by $((after - before))"
reports_of $id | grep -q "panic: panic holding a task reference at .*/task.cpp:" ||
	fail "no report"
# Without the panic the handle gives the caller's tgid, and is put.
map_set $BPFFS/tk/control 0 1 4
rex-test-run $BPFFS/tk/task 1 >/tmp/out &
pid=$!
wait $pid
set -- $(cat /tmp/out)
expect_eq "return" "$2" 2
expect_eq "tgid seen by the program" "$(rex-test-map-lookup $BPFFS/tk/control 1)" $pid
rm -rf $BPFFS/tk
