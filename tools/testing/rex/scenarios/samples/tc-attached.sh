# tc_count attached at lo's tcx ingress counts the packets of a ping.
mkdir $BPFFS/tc
rex load $IMAGES/samples/tc_count.rex --pin $BPFFS/tc >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/tc/tc_count tc lo ingress --pin $BPFFS/tc_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
ping -c 3 -i 0.2 -q 127.0.0.1 >/dev/null || fail "ping failed"
expect_eq "packets at ingress" "$(rex-test-map-lookup $BPFFS/tc/packets 0)" 6
rex detach $BPFFS/tc_link || fail "detach failed"
sleep 1
ping -c 2 -i 0.2 -q 127.0.0.1 >/dev/null
expect_eq "packets after detach" "$(rex-test-map-lookup $BPFFS/tc/packets 0)" 6
rm -rf $BPFFS/tc
