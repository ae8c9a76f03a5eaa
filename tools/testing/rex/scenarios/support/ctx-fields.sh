# Context fields the support layer reads through the kernel's layout table
# (struct rex_kernel_layout, imported as data): an XDP frame's device and
# queue; an sk_buff's length, protocol, device, mark and priority (the last
# two written by the program, read back from the skb by BPF_PROG_TEST_RUN's
# ctx_out); the perf sample period; a task's name.
D=$BPFFS/cf
for p in ctx_xdp ctx_tc ctx_perf ctx_task; do
	load_pinned $IMAGES/runtime/$p.rex $D/$p >/dev/null
done

# XDP test runs come from lo (ifindex 1), receive queue 0.
set -- $(rex-test-run $D/ctx_xdp/xdp_fields 1)
expect_eq "xdp return" "$2" 2
expect_eq "xdp ifindex" "$(rex-test-map-lookup $D/ctx_xdp/fields 0)" 1
expect_eq "xdp rx_queue_index + 100" "$(rex-test-map-lookup $D/ctx_xdp/fields 1)" 100

# A TC test run of a 64-byte IPv4 frame on lo.
set -- $(REX_TEST_SKB=1 rex-test-run $D/ctx_tc/tc_fields 1)
expect_eq "tc return (TC_ACT_OK)" "$2" 0
expect_eq "skb mark after set_mark(0x1234)" "$6" 4660
expect_eq "skb priority after set_priority(7)" "$8" 7
expect_eq "skb cb[0] after set_cb<0>(0x77)" "${10}" 119
expect_eq "tc len" "$(rex-test-map-lookup $D/ctx_tc/fields 2)" 64
expect_eq "tc protocol (ETH_P_IP)" "$(rex-test-map-lookup $D/ctx_tc/fields 3)" 2048
expect_eq "tc ifindex" "$(rex-test-map-lookup $D/ctx_tc/fields 4)" 1
expect_eq "tc mark read back" "$(rex-test-map-lookup $D/ctx_tc/fields 5)" 4660
expect_eq "packet byte 1 after store(1, 0xab)" "$(rex-test-map-lookup $D/ctx_tc/fields 6)" 171
expect_eq "cb<0> read back, no VLAN tag, tc_index 0" "$(rex-test-map-lookup $D/ctx_tc/fields 7)" 119
set -- $(rex-test-run $D/ctx_tc/tc_redirect 1)
expect_eq "redirect(1) returns TC_ACT_REDIRECT" "$2" 7

# cpu-clock every 1 ms: each sample's period is the period asked for.
rex attach $D/ctx_perf/perf_fields perf cpu-clock --period 1000000 --pin $D/perf_link \
	>/tmp/out 2>&1 || fail "perf attach: $(cat /tmp/out)"
rex-test-trigger spin 100
rex detach $D/perf_link || fail "perf detach"
expect_eq "perf sample_period" "$(rex-test-map-lookup $D/ctx_perf/fields 8)" 1000000
# rex-test-trigger spins in user space: some samples are there.
samples=$(rex-test-map-lookup $D/ctx_perf/fields 12)
user=$(rex-test-map-lookup $D/ctx_perf/fields 9)
echo "perf: $samples samples, $user in user mode"
[ "$samples" -ge 1 ] && [ "$user" -ge 1 ] && [ "$user" -le "$samples" ] ||
	fail "perf regs: $user user-mode samples of $samples"

# getppid from rex-test-trigger: its comm is "rex-test-trigge" (15 bytes
# and the NUL); the first 8, "rex-test", read as a little-endian u64.
rex attach $D/ctx_task/kp_comm kprobe __x64_sys_getppid --pin $D/kp_link \
	>/tmp/out 2>&1 || fail "kprobe attach: $(cat /tmp/out)"
rex-test-trigger getppid 10
rex detach $D/kp_link || fail "kprobe detach"
expect_eq "task::comm() starts with 'rex-test'" "$(rex-test-map-lookup $D/ctx_task/fields 10)" 8391162080374842738
expect_eq "task::comm() equals get_current_comm()" "$(rex-test-map-lookup $D/ctx_task/fields 11)" 1
rm -rf $D
