# dev_map and cpu_map redirects in the booted kernel
# (progs/xdp_redirect_map.cpp). A plain test run returns the action
# redirect() gave; in live-frame mode the kernel sends the frames: out of
# rexv0, a veth, to its peer, where the xdp_count sample counts them.
D=$BPFFS/xrm P=$BPFFS/xrm_count
trap 'rex detach $P/link 2>/dev/null; ip link del rexv0 2>/dev/null; rm -rf $D $P' EXIT
mkdir -p $D
rex load $IMAGES/runtime/xdp_redirect_map.rex --pin $D >/tmp/out 2>&1 || fail "load: $(cat /tmp/out)"
ret() {
	set -- $(rex-test-run $D/xdp_redir_map 1)
	echo "$2"
}
# map_pick WHICH SLOT: control[0] = WHICH (0 the dev_map, 1 the cpu_map), control[1] = SLOT.
map_pick() {
	map_set $D/control 0 "$1" 8
	map_set $D/control 1 "$2" 8
}

# Empty or out-of-range slots give the fallback.
expect_eq "empty dev_map slot (XDP_PASS)" "$(ret)" 2
map_pick 0 9
expect_eq "dev_map slot out of range (XDP_PASS)" "$(ret)" 2
map_pick 1 1
expect_eq "empty cpu_map slot (XDP_DROP)" "$(ret)" 1

# busybox ip names the peer veth0.
ip link add rexv0 type veth || fail "ip link add rexv0 type veth"
[ -e /sys/class/net/veth0 ] || fail "no veth0 peer: $(ls /sys/class/net)"
ip link set rexv0 up && ip link set veth0 up || fail "ip link set up"
out=$(cat /sys/class/net/rexv0/ifindex)
# A veth sends XDP frames only to a peer whose queue runs NAPI, as it does
# with an XDP program attached: the counting one.
mkdir -p $P
rex load $IMAGES/samples/xdp_count.rex --pin $P >/tmp/out 2>&1 || fail "load xdp_count: $(cat /tmp/out)"
rex attach $P/xdp_count xdp veth0 --mode native --pin $P/link >/tmp/out 2>&1 || fail "attach: $(cat /tmp/out)"

map_pick 0 2
rex map update $D/ports 2 "$out" || fail "rex map update ports"
expect_eq "dev_map slot 2 = rexv0 (XDP_REDIRECT)" "$(ret)" 4
expect_eq "frames on veth0 after a plain test run" "$(rex-test-map-lookup $P/counters 0)" 0
REX_TEST_XDP_LIVE=1 rex-test-run $D/xdp_redir_map 10 >/tmp/out 2>&1 || fail "live test run: $(cat /tmp/out)"
i=0
while [ "$(rex-test-map-lookup $P/counters 0)" -lt 10 ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
expect_eq "frames redirected to rexv0 and seen on veth0" "$(rex-test-map-lookup $P/counters 0)" 10
expect_eq "their bytes" "$(rex-test-map-lookup $P/counters 1)" 640
expect_eq "rexv0's transmitted packets" "$(cat /sys/class/net/rexv0/statistics/tx_packets)" 10

# Emptied, the slot gives the fallback again.
rex map delete $D/ports 2 || fail "rex map delete ports"
expect_eq "dev_map slot 2 emptied (XDP_PASS)" "$(ret)" 2

# A cpu_map slot holds a queue size; setting it starts the CPU's thread.
rex map update $D/cpus 1 192 || fail "rex map update cpus"
map_pick 1 1
expect_eq "cpu_map slot 1 (XDP_REDIRECT)" "$(ret)" 4
REX_TEST_XDP_LIVE=1 rex-test-run $D/xdp_redir_map 10 >/tmp/out 2>&1 || fail "live test run: $(cat /tmp/out)"

rex detach $P/link || fail "detach"
ip link del rexv0 || fail "ip link del rexv0"
