# A panic in an XDP and in a TC program: the run returns the program's
# declared default (XDP_DROP = 1, TC_ACT_SHOT = 2) instead of what its code
# would, and the report names the message, the source line of rex::panic
# and the program's function between <REX> markers.
id=$(load_pinned $IMAGES/runtime/panic_xdp.rex $BPFFS/px)
set -- $(rex-test-run $BPFFS/px/panic_xdp 1) || fail "test run failed"
expect_eq "XDP return after a panic" "$2" 1
line=$(src_line panic_xdp.cpp 'rex::panic("test panic")')
reports_of $id >/tmp/log
cat /tmp/log
grep -q "^report [0-9]*: prog $id panic_xdp cpu [0-9]*: panic: test panic at .*/panic_xdp.cpp:$line\$" /tmp/log ||
	fail "no report naming panic_xdp.cpp:$line"
grep -q "^  <REX>\$" /tmp/log || fail "no <REX> section"
grep -q "^  rex:panic_xdp:" /tmp/log || fail "the trace does not name the program's function"
grep -q "^  </REX>\$" /tmp/log || fail "no </REX>"
grep -q "^  bpf_test_run+" /tmp/log || fail "the trace has no kernel part (bpf_test_run, which ran the program)"

# dmesg gets reports rate-limited (10 per 5 s): wait for a fresh window.
sleep 5
id=$(load_pinned $IMAGES/runtime/panic_tc.rex $BPFFS/pt)
set -- $(rex-test-run $BPFFS/pt/panic_tc 1) || fail "test run failed"
expect_eq "TC return after a panic" "$2" 2
expect_report $id "panic: tc panic at .*/panic_tc.cpp:$(src_line panic_tc.cpp 'rex::panic(')\$" "tc"
dmesg | grep -q "rex: prog $id panic_tc cpu [0-9]*: panic: tc panic" || fail "no dmesg line"
rm -rf $BPFFS/px $BPFFS/pt
