# xdp_count counts packets and bytes into its array map.
mkdir $BPFFS/xdp_count
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/xdp_count >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
grep -q "^loaded xdp_count id" /tmp/out || fail "no load line: $(cat /tmp/out)"
set -- $(rex-test-run $BPFFS/xdp_count/xdp_count 10 64) || fail "test run failed"
expect_eq "return value" "$2" 2
expect_eq packets "$(rex-test-map-lookup $BPFFS/xdp_count/counters 0)" 10
expect_eq bytes "$(rex-test-map-lookup $BPFFS/xdp_count/counters 1)" 640
set -- $(rex-test-run $BPFFS/xdp_count/xdp_count 5 100)
expect_eq "packets after 5 more" "$(rex-test-map-lookup $BPFFS/xdp_count/counters 0)" 15
expect_eq "bytes after 5 more" "$(rex-test-map-lookup $BPFFS/xdp_count/counters 1)" 1140
rm -rf $BPFFS/xdp_count
