# perf_count on cpu-clock at 1000 Hz on every CPU counts samples per CPU
# while a process spins for 300 ms; at most 1000 Hz x 2 CPUs x the time.
mkdir $BPFFS/pe
rex load $IMAGES/samples/perf_count.rex --pin $BPFFS/pe >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/pe/perf_count perf cpu-clock --freq 1000 --pin $BPFFS/pe_links >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
start=$(cut -d' ' -f1 /proc/uptime)
rex-test-trigger spin 300
rex detach $BPFFS/pe_links || fail "detach failed"
sleep 1
end=$(cut -d' ' -f1 /proc/uptime)
total=0
for cpu in 0 1; do
	n=$(rex-test-map-lookup $BPFFS/pe/samples $cpu)
	echo "cpu $cpu: $n samples"
	total=$((total + n))
done
limit=$(awk -v s="$start" -v e="$end" 'BEGIN { print int((e - s + 0.1) * 1000 * 2) }')
[ "$total" -ge 1 ] || fail "no samples"
[ "$total" -le "$limit" ] || fail "$total samples in $start..$end s is more than $limit"
sleep 0.2
expect_eq "samples after detach" "$(( $(rex-test-map-lookup $BPFFS/pe/samples 0) + $(rex-test-map-lookup $BPFFS/pe/samples 1) ))" "$total"
rm -rf $BPFFS/pe
