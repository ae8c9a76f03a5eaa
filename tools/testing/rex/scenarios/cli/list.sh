# rex list enumerates loaded programs through bpf(2): a program pinned in
# bpffs shows with its id, type and name, and is gone once unpinned.
id=$(rex-test-pin-prog e2e_list /sys/fs/bpf/e2e_list) || fail "cannot load the probe program"
rex list >/tmp/list || fail "rex list failed"
cat /tmp/list
grep -Eq "^ *$id +xdp +e2e_list( |\$)" /tmp/list || fail "program $id (xdp, e2e_list) not listed"
rm /sys/fs/bpf/e2e_list
# The program is freed after an RCU grace period; give it a moment.
for i in 1 2 3 4 5 6 7 8 9 10; do
	rex list | grep -q e2e_list || exit 0
	sleep 0.2
done
fail "program $id still listed after it was unpinned"
