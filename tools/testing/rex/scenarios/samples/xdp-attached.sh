# xdp_count attached to lo (generic XDP) counts the packets of a ping:
# 3 echo requests and 3 replies. Detached, it counts no more.
mkdir $BPFFS/xdp
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/xdp >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/xdp/xdp_count xdp lo --mode generic --pin $BPFFS/xdp_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
ping -c 3 -i 0.2 -q 127.0.0.1 >/dev/null || fail "ping failed"
expect_eq "packets seen" "$(rex-test-map-lookup $BPFFS/xdp/counters 0)" 6
rex detach $BPFFS/xdp_link || fail "detach failed"
sleep 1
ping -c 2 -i 0.2 -q 127.0.0.1 >/dev/null
expect_eq "packets after detach" "$(rex-test-map-lookup $BPFFS/xdp/counters 0)" 6
rm -rf $BPFFS/xdp
