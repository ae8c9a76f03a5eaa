# tp_exec on sched/sched_process_exec counts execs.
mkdir $BPFFS/tp
rex load $IMAGES/samples/tp_exec.rex --pin $BPFFS/tp >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/tp/tp_exec tracepoint sched/sched_process_exec --pin $BPFFS/tp_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
before=$(rex-test-map-lookup $BPFFS/tp/execs 0)
for i in 1 2 3 4 5; do
	rex-test-trigger getppid 0
done
after=$(rex-test-map-lookup $BPFFS/tp/execs 0)
# Five triggers, and the second lookup's own exec.
expect_eq "execs counted" "$((after - before))" 6
[ "$(rex-test-map-lookup $BPFFS/tp/execs 1)" -gt 1 ] || fail "no pid recorded"
rex detach $BPFFS/tp_link || fail "detach failed"
# The kernel releases an unpinned link from a work item: give it a moment.
sleep 1
stopped=$(rex-test-map-lookup $BPFFS/tp/execs 0)
rex-test-trigger getppid 0
expect_eq "execs after detach" "$(rex-test-map-lookup $BPFFS/tp/execs 0)" "$stopped"
rm -rf $BPFFS/tp
