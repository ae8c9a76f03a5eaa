# Crash-stop (the default): after its first panic a program is faulted and
# later runs return its default without executing; rex list shows it.
# Keep-running (declared, or rex load --keep-running): every run executes.
id=$(load_pinned $IMAGES/runtime/panic_xdp.rex $BPFFS/cs)
expect_eq "state before" "$(prog_field $id state)" ok
expect_eq "policy" "$(prog_field $id policy)" crash-stop
set -- $(rex-test-run $BPFFS/cs/panic_xdp 1)
expect_eq "first run" "$2" 1
expect_eq "state after a panic" "$(prog_field $id state)" faulted
set -- $(rex-test-run $BPFFS/cs/panic_xdp 5)
expect_eq "later runs" "$2" 1
expect_eq "panics (later runs did not execute)" "$(prog_field $id panics)" 1
expect_eq "skipped runs" "$(prog_field $id skipped)" 5
expect_eq "reports" "$(reports_of $id | grep -c '^report ')" 1
rex list >/tmp/list 2>&1 || fail "rex list: $(cat /tmp/list)"
grep -E "^ *$id +.*panic_xdp.*faulted" /tmp/list >/dev/null || fail "rex list does not show it faulted: $(cat /tmp/list)"
rex stat >/tmp/stat 2>&1 || fail "rex stat: $(cat /tmp/stat)"
cat /tmp/stat
grep -E "^ *$id +xdp +panic_xdp +rex +faulted +crash-stop +[0-9]+ +[0-9]+ +[-0-9]+ +1 +0 +5 *$" /tmp/stat >/dev/null ||
	fail "rex stat does not show state, policy, panics, timeouts, skipped: $(cat /tmp/stat)"

# Declared keep_running: runs[0] counts the runs that reached the panic.
id=$(load_pinned $IMAGES/runtime/panic_keep.rex $BPFFS/kr)
expect_eq "policy" "$(prog_field $id policy)" keep-running
set -- $(rex-test-run $BPFFS/kr/panic_keep 7)
expect_eq "return" "$2" 1
expect_eq "runs executed" "$(rex-test-map-lookup $BPFFS/kr/runs 0)" 7
expect_eq "panics" "$(prog_field $id panics)" 7
expect_eq "state" "$(prog_field $id state)" ok

# The same crash-stop image, loaded with --keep-running.
id=$(load_pinned $IMAGES/runtime/panic_xdp.rex $BPFFS/kl --keep-running)
expect_eq "policy from the load flag" "$(prog_field $id policy)" keep-running
set -- $(rex-test-run $BPFFS/kl/panic_xdp 3)
expect_eq "panics" "$(prog_field $id panics)" 3
expect_eq "state" "$(prog_field $id state)" ok
rm -rf $BPFFS/cs $BPFFS/kr $BPFFS/kl
