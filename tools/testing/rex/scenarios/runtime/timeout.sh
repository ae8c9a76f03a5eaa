# The watchdog ends runs that take longer than kernel.rex.timeout_ms: an
# XDP program looping in its own code, one looping through a helper call,
# one looping through a spin lock (stopped by rex_spin_unlock's check),
# and a kprobe program looping inside getppid(2). Each is stopped within
# the timeout plus one watchdog period (the test allows TCG some slack),
# reported as "timeout", and the hooked code carries on.
old=$(cat $REX_SYSCTL/timeout_ms)
restore() { echo "$old" >$REX_SYSCTL/timeout_ms; }
trap restore EXIT
echo 100 >$REX_SYSCTL/timeout_ms

# wait_stopped ID CONTROL [N]: wait up to 5 s for program ID's Nth timeout (default 1);
# if it does not come, print the watchdog's counters and end the loop
# through its control map, so that a failure does not hang the machine.
wait_stopped() {
	n=0
	while [ "$(prog_field $1 timeouts)" -lt "${3:-1}" ]; do
		n=$((n + 1))
		if [ $n -gt 50 ]; then
			cat /proc/rex/watchdog
			map_set $2 0 0 8
			fail "program $1 was not stopped within 5 s"
		fi
		sleep 0.1
	done
}

for prog in loop loop_helper loop_lock; do
	id=$(load_pinned $IMAGES/runtime/$prog.rex $BPFFS/$prog)
	map_set $BPFFS/$prog/control 0 1 8
	rex-test-run $BPFFS/$prog/$prog 1 >/tmp/run.out &
	wait_stopped $id $BPFFS/$prog/control
	wait $! || fail "$prog: test run failed"
	set -- $(cat /tmp/run.out)
	expect_eq "$prog: return after the timeout (XDP_DROP)" "$2" 1
	ms=$(($4 / 1000000))
	echo "$prog: stopped after $ms ms (timeout 100 ms, period 100 ms)"
	[ "$ms" -ge 100 ] || fail "$prog: stopped after $ms ms, before the timeout"
	[ "$ms" -le 400 ] || fail "$prog: ran $ms ms, more than timeout + period (+200 ms slack)"
	reports_of $id | grep -q "prog $id $prog cpu [0-9]*: timeout: ran longer than kernel.rex.timeout_ms" ||
		fail "$prog: no timeout report: $(reports_of $id)"
	expect_eq "$prog: timeouts" "$(prog_field $id timeouts)" 1
	[ $prog = loop ] && { [ "$(rex-test-map-lookup $BPFFS/loop/control 1)" -gt 0 ] || fail "loop did not loop"; }
	if [ $prog = loop_lock ]; then
		# counters[0] read as a u64: count << 32 (the kernel reads the
		# lock word of the BTF-described value as 0)
		v=$(rex-test-map-lookup $BPFFS/loop_lock/counters 0)
		[ $((v >> 32)) -gt 0 ] || fail "loop_lock did not loop"
		echo "loop_lock: $(reports_of $id | grep timeout | head -n 1)"
		# The lock is free: a second run takes it and is stopped again
		# (a leaked lock would hold it spinning with interrupts off).
		map_set $BPFFS/loop_lock/control 0 1 8
		rex-test-run $BPFFS/loop_lock/loop_lock 1 >/tmp/run.out &
		wait_stopped $id $BPFFS/loop_lock/control 2
		wait $! || fail "loop_lock: second test run failed"
		expect_eq "loop_lock: timeouts after a second run" "$(prog_field $id timeouts)" 2
		v2=$(rex-test-map-lookup $BPFFS/loop_lock/counters 0)
		[ $((v2 >> 32)) -gt $((v >> 32)) ] || fail "loop_lock: the second run did not take the lock"
	fi
	# keep_running: with the loop switched off the same program runs normally
	map_set $BPFFS/$prog/control 0 0 8
	set -- $(rex-test-run $BPFFS/$prog/$prog 1)
	expect_eq "$prog: return without the loop" "$2" 2
done

id=$(load_pinned $IMAGES/runtime/loop_kprobe.rex $BPFFS/lk)
rex attach $BPFFS/lk/loop_kprobe kprobe __x64_sys_getppid --pin $BPFFS/lk_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
map_set $BPFFS/lk/control 0 1 8
rex-test-trigger getppid 1 &
wait_stopped $id $BPFFS/lk/control
wait $! || fail "getppid failed"
cat /proc/rex/watchdog
expect_eq "kprobe timeouts" "$(prog_field $id timeouts)" 1
reports_of $id | grep -q "timeout: ran longer than kernel.rex.timeout_ms" || fail "no kprobe timeout report"
rex detach $BPFFS/lk_link
rm -rf $BPFFS/loop $BPFFS/loop_helper $BPFFS/loop_lock $BPFFS/lk
