# rex run prints what the image's programs send to user space: each record
# of its ring buffers and each sample of its perf event arrays, a line each
# on stdout (progs/run_events.cpp sends both on every getppid call).
# rex map watch does the same for a pinned map.
D=$BPFFS/ev
runner="" w1="" w2=""
trap 'kill $runner $w1 $w2 2>/dev/null; rex detach $D/link 2>/dev/null; rm -rf $D' EXIT

# wait_for FILE PATTERN WHAT: until FILE has a line matching PATTERN (10 s at most).
wait_for() {
	_i=0
	until grep -q "$2" "$1"; do
		_i=$((_i + 1))
		[ $_i -le 100 ] || fail "$3: $(cat "$1")"
		sleep 0.1
	done
}
# stop PID WHAT: SIGINT, as Ctrl-C; rex exits 0 once it has printed the rest.
stop() {
	kill -INT "$1"
	wait "$1" || fail "$2 failed"
}
hex_pid() { printf '%02x %02x %02x %02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) 0; }
# The event of a call: the pid, the call number n, the magic; perf samples
# carry the kernel's 4 bytes of padding.
rb_line="^event records: 16 bytes: %s .. .. .. .. 52 42 55 46 3a 52 45 58\$"
perf_line="^event samples cpu [0-9]: 20 bytes: %s .. .. .. .. 50 45 52 46 3a 52 45 58 00 00 00 00\$"
# call_numbers FILE: the n of each line, in hex, space-separated.
call_numbers() { sed 's/.* bytes: //' "$1" | cut -d' ' -f5 | tr '\n' ' '; }
# three_from FIRST: "FIRST FIRST+1 FIRST+2 " in hex.
three_from() { printf '%02x %02x %02x ' $((0x$1)) $((0x$1 + 1)) $((0x$1 + 2)); }

mkdir -p $D
rex run $IMAGES/runtime/run_events.rex --pin $D >/tmp/ev.out 2>/tmp/ev.err &
runner=$!
wait_for /tmp/ev.err "^attached run_events" "rex run did not attach"
rex-test-trigger getppid 3 &
trigger=$!
wait $trigger || fail "rex-test-trigger failed"
stop $runner "rex run"
runner=""
cat /tmp/ev.err /tmp/ev.out
grep -q "^rex run: streaming the records of records\$" /tmp/ev.err || fail "the ring buffer is not named"
grep -q "^rex run: streaming the records of samples\$" /tmp/ev.err || fail "the perf event array is not named"
grep -q "^rex run: Interrupt; detached 1 link\$" /tmp/ev.err || fail "rex run did not end on SIGINT"
# The perf events are stored before the program is attached.
stored=$(grep -n "^rex run: streaming the records of samples" /tmp/ev.err | cut -d: -f1)
attached=$(grep -n "^attached run_events" /tmp/ev.err | cut -d: -f1)
[ "$stored" -lt "$attached" ] || fail "the perf events were stored after the program was attached"

grep "$(printf "$rb_line" "$(hex_pid $trigger)")" /tmp/ev.out >/tmp/ev.rb
grep "$(printf "$perf_line" "$(hex_pid $trigger)")" /tmp/ev.out >/tmp/ev.perf
expect_eq "ring-buffer records of the 3 calls" "$(wc -l </tmp/ev.rb)" 3
expect_eq "perf samples of the 3 calls" "$(wc -l </tmp/ev.perf)" 3
# The ring buffer keeps the order of the calls; the perf samples come CPU by
# CPU, so only their set is the same.
first=$(call_numbers /tmp/ev.rb | cut -d' ' -f1)
expect_eq "call numbers of the records" "$(call_numbers /tmp/ev.rb)" "$(three_from $first)"
expect_eq "call numbers of the samples" "$(call_numbers /tmp/ev.perf | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/^ *//')" \
	"$(three_from $first)"
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
# its consumer position (the two records sent while nobody read first),
# the perf event array from when it stored its events.
rex map watch $D/records >/tmp/w.rb 2>/tmp/w.rb.err &
w1=$!
rex map watch $D/samples >/tmp/w.perf 2>/tmp/w.perf.err &
w2=$!
wait_for /tmp/w.rb.err "^rex map watch: streaming" "rex map watch (ring buffer) did not start"
wait_for /tmp/w.perf.err "^rex map watch: streaming" "rex map watch (perf event array) did not start"
rex-test-trigger getppid 3 &
trigger=$!
wait $trigger || fail "rex-test-trigger failed"
stop $w1 "rex map watch (ring buffer)"
stop $w2 "rex map watch (perf event array)"
w1="" w2=""
cat /tmp/w.rb.err /tmp/w.rb /tmp/w.perf.err /tmp/w.perf
expect_eq "records kept for rex map watch" "$(grep -c "$(printf "$rb_line" "$(hex_pid $before)")" /tmp/w.rb)" 2
expect_eq "records rex map watch saw sent" "$(grep -c "$(printf "$rb_line" "$(hex_pid $trigger)")" /tmp/w.rb)" 3
expect_eq "samples rex map watch saw sent" "$(grep -c "$(printf "$perf_line" "$(hex_pid $trigger)")" /tmp/w.perf)" 3
expect_eq "failed perf outputs while watched" "$(rex-test-map-lookup $D/count 1)" 2
# And once it has exited, the kernel has taken its events out too.
rex-test-trigger getppid 1
expect_eq "failed perf outputs after rex map watch" "$(rex-test-map-lookup $D/count 1)" 3
rex detach $D/link || fail "detach"

# Only ring buffers and perf event arrays have records to watch.
if rex map watch $D/count --duration 1 >/tmp/out 2>&1; then
	fail "rex map watch of an array map succeeded"
fi
cat /tmp/out
grep -q "^rex map watch: $D/count is an array map: watch prints the records of ring buffers and perf event arrays only: use rex map dump\$" /tmp/out ||
	fail "rex map watch of an array map: $(cat /tmp/out)"
