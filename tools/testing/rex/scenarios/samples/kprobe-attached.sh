# kprobe_count on __x64_sys_getppid counts a process's calls under its tgid.
mkdir $BPFFS/kp
rex load $IMAGES/samples/kprobe_count.rex --pin $BPFFS/kp >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/kp/kprobe_count kprobe __x64_sys_getppid --pin $BPFFS/kp_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
rex-test-trigger getppid 100 &
pid=$!
wait $pid
expect_eq "calls by $pid" "$(rex-test-map-lookup $BPFFS/kp/calls $pid)" 100
rex detach $BPFFS/kp_link || fail "detach failed"
sleep 1
rex-test-trigger getppid 10 &
pid=$!
wait $pid
rex-test-map-lookup $BPFFS/kp/calls $pid >/dev/null
expect_eq "lookup of a process that ran after detach (3 = absent)" "$?" 3
rm -rf $BPFFS/kp
