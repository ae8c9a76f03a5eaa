# Recursion: the stack check at every function entry lets depth 1000 (small
# frames) complete and stops unbounded recursion with a "stack" report
# before the stack runs out: no guard-page fault, no oops.
id=$(load_pinned $IMAGES/runtime/recursion.rex $BPFFS/rc)
map_set $BPFFS/rc/control 0 1000 4
set -- $(rex-test-run $BPFFS/rc/recursion 1)
expect_eq "depth 1000 returns its depth" "$2" 1000
expect_eq "depth stored" "$(rex-test-map-lookup $BPFFS/rc/control 1)" 1000
expect_eq "panics" "$(prog_field $id panics)" 0
map_set $BPFFS/rc/control 0 100000 4
set -- $(rex-test-run $BPFFS/rc/recursion 1)
expect_eq "depth 100000 returns the default (0xdead)" "$2" 57005
expect_report $id "prog $id recursion cpu [0-9]*: stack: stack exhausted" "stack"
reports_of $id | grep -q "^  rex:recursion:" || fail "trace does not name the recursing function"
# keep_running: depth 1000 still works afterwards
map_set $BPFFS/rc/control 0 1000 4
set -- $(rex-test-run $BPFFS/rc/recursion 1)
expect_eq "depth 1000 after the stack panic" "$2" 1000
rm -rf $BPFFS/rc
