# rex run loads and attaches by the descriptor's target, runs for a while,
# then detaches by itself; with --pin the maps stay for inspection.
mkdir $BPFFS/run
rex run $IMAGES/samples/tp_exec.rex --pin $BPFFS/run --duration 3 >/tmp/run.out 2>/tmp/run.err &
runner=$!
sleep 1.5
for i in 1 2 3; do
	rex-test-trigger getppid 0
done
wait $runner || fail "rex run failed: $(cat /tmp/run.err)"
n=$(rex-test-map-lookup $BPFFS/run/execs 0)
[ "$n" -ge 3 ] || fail "only $n execs counted while running"
rex-test-trigger getppid 0
expect_eq "execs after rex run ended" "$(rex-test-map-lookup $BPFFS/run/execs 0)" "$n"
rm -rf $BPFFS/run
