# rex stat reports a Rex program's runs from BPF stats, and marks it as Rex.
mkdir $BPFFS/st
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/st >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
echo 1 >/proc/sys/kernel/bpf_stats_enabled
rex-test-run $BPFFS/st/xdp_count 25 >/dev/null
echo 0 >/proc/sys/kernel/bpf_stats_enabled
rex stat --json >/tmp/stat.json || fail "rex stat failed"
cat /tmp/stat.json
tr -d ' \n' </tmp/stat.json | grep -q '"name":"xdp_count"[^}]*"run_cnt":25' || fail "no 25 runs for xdp_count"
rex list | grep -E ' xdp_count +rex ' >/dev/null || fail "rex list does not mark xdp_count as rex"
rm -rf $BPFFS/st
