# tc_count counts packets into its map and returns TC_ACT_OK.
mkdir $BPFFS/tc_count
rex load $IMAGES/samples/tc_count.rex --pin $BPFFS/tc_count >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
set -- $(rex-test-run $BPFFS/tc_count/tc_count 7)
expect_eq "return value (TC_ACT_OK)" "$2" 0
expect_eq packets "$(rex-test-map-lookup $BPFFS/tc_count/packets 0)" 7
rm -rf $BPFFS/tc_count
