# rex run prints what the image's programs send to user space: each record
# of its ring buffers and each sample of its perf event arrays, a line each
# on stdout (progs/run_events.cpp sends both on every getppid call).
D=$BPFFS/ev
mkdir -p $D
rex run $IMAGES/runtime/run_events.rex --pin $D --duration 8 >/tmp/ev.out 2>/tmp/ev.err &
runner=$!
i=0
until grep -q "^attached run_events" /tmp/ev.err; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "rex run did not attach: $(cat /tmp/ev.err)"
	sleep 0.1
done
rex-test-trigger getppid 3 &
trigger=$!
wait $trigger || fail "rex-test-trigger failed"
wait $runner || fail "rex run failed: $(cat /tmp/ev.err)"
cat /tmp/ev.err /tmp/ev.out
grep -q "^rex run: streaming the records of records\$" /tmp/ev.err || fail "the ring buffer is not named"
grep -q "^rex run: streaming the records of samples\$" /tmp/ev.err || fail "the perf event array is not named"

# The events of the trigger's three calls: its pid, the call count n, the
# magic; perf samples carry the kernel's 4 bytes of padding.
pid=$(printf '%02x %02x %02x %02x' $((trigger & 255)) $((trigger >> 8 & 255)) $((trigger >> 16 & 255)) 0)
grep "^event records: 16 bytes: $pid .. .. .. .. 52 42 55 46 3a 52 45 58\$" /tmp/ev.out >/tmp/ev.rb
grep "^event samples cpu [0-9]: 20 bytes: $pid .. .. .. .. 50 45 52 46 3a 52 45 58 00 00 00 00\$" \
	/tmp/ev.out >/tmp/ev.perf
expect_eq "ring-buffer records of the 3 calls" "$(wc -l </tmp/ev.rb)" 3
expect_eq "perf samples of the 3 calls" "$(wc -l </tmp/ev.perf)" 3
# In call order, in both.
for f in /tmp/ev.rb /tmp/ev.perf; do
	sed 's/.* bytes: //' $f | cut -d' ' -f5 >/tmp/ev.n
	first=$((0x$(head -n 1 /tmp/ev.n)))
	expect_eq "call numbers in $f" "$(tr '\n' ' ' </tmp/ev.n)" \
		"$(printf '%02x %02x %02x ' $first $((first + 1)) $((first + 2)))"
done
# The perf events were stored before the program was attached: no output failed.
expect_eq "failed perf outputs while rex run ran" "$(rex-test-map-lookup $D/count 1)" 0
expect_eq "failed reservations" "$(rex-test-map-lookup $D/count 2)" 0

# Once rex run has ended its events are out of the array: output fails
# (ENOENT) and the ring buffer keeps what it gets.
rex attach $D/run_events kprobe __x64_sys_getppid --pin $D/link >/tmp/out 2>&1 || fail "attach: $(cat /tmp/out)"
rex-test-trigger getppid 2 &
before=$!
wait $before || fail "rex-test-trigger failed"
expect_eq "failed perf outputs after rex run" "$(rex-test-map-lookup $D/count 1)" 2

# rex map watch reads the pinned maps the same way: the ring buffer from
# its consumer position (the two records sent while nobody read), the
# perf event array from when it stored its events.
rex map watch $D/records --duration 6 >/tmp/w.rb 2>/tmp/w.rb.err &
w1=$!
rex map watch $D/samples --duration 6 >/tmp/w.perf 2>/tmp/w.perf.err &
w2=$!
i=0
until grep -q "^rex map watch: streaming" /tmp/w.rb.err && grep -q "^rex map watch: streaming" /tmp/w.perf.err; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "rex map watch did not start: $(cat /tmp/w.rb.err /tmp/w.perf.err)"
	sleep 0.1
done
rex-test-trigger getppid 3 &
trigger=$!
wait $trigger || fail "rex-test-trigger failed"
wait $w1 || fail "rex map watch (ring buffer) failed: $(cat /tmp/w.rb.err)"
wait $w2 || fail "rex map watch (perf event array) failed: $(cat /tmp/w.perf.err)"
rex detach $D/link || fail "detach"
cat /tmp/w.rb.err /tmp/w.rb /tmp/w.perf.err /tmp/w.perf
hex_pid() { printf '%02x %02x %02x %02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) 0; }
rb_line="^event records: 16 bytes: %s .. .. .. .. 52 42 55 46 3a 52 45 58\$"
perf_line="^event samples cpu [0-9]: 20 bytes: %s .. .. .. .. 50 45 52 46 3a 52 45 58 00 00 00 00\$"
expect_eq "records kept for rex map watch" "$(grep -c "$(printf "$rb_line" "$(hex_pid $before)")" /tmp/w.rb)" 2
expect_eq "records rex map watch saw sent" "$(grep -c "$(printf "$rb_line" "$(hex_pid $trigger)")" /tmp/w.rb)" 3
expect_eq "samples rex map watch saw sent" "$(grep -c "$(printf "$perf_line" "$(hex_pid $trigger)")" /tmp/w.perf)" 3
expect_eq "samples from before rex map watch" "$(grep -c "$(printf "$perf_line" "$(hex_pid $before)")" /tmp/w.perf)" 0
expect_eq "failed perf outputs while watched" "$(rex-test-map-lookup $D/count 1)" 2

# Only ring buffers and perf event arrays have records to watch.
if rex map watch $D/count --duration 1 >/tmp/out 2>&1; then
	fail "rex map watch of an array map succeeded"
fi
cat /tmp/out
grep -q "^rex map watch: $D/count is an array map: watch prints the records of ring buffers and perf event arrays only: use rex map dump\$" /tmp/out ||
	fail "rex map watch of an array map: $(cat /tmp/out)"
rm -rf $D
