# rex::trace with 6 arguments (through bpf_trace_vprintk) and rex::get_stack
# in the booted kernel: a kprobe on getppid copies its kernel stack into 16
# frames and traces a line; progs/trace_stack.cpp says what out[] holds.
T=/sys/kernel/tracing
D=$BPFFS/ts
[ -e $T/trace ] || fail "no tracefs at $T"
load_pinned $IMAGES/runtime/trace_stack.rex $D >/dev/null
rex attach $D/trace_stack kprobe __x64_sys_getppid --pin $D/link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
# Resolving the trace import enables the bpf_trace_printk event, from a
# work item; enable it here too so that the line cannot be missed.
echo 1 >$T/events/bpf_trace/bpf_trace_printk/enable || fail "cannot enable bpf_trace_printk events"

rex-test-trigger getppid 1 >/dev/null &
pid=$!
wait $pid
rex detach $D/link || fail "detach"
out() {
	rex-test-map-lookup $D/out $1 || fail "out[$1]: lookup failed"
}

expect_eq "get_stack errno" "$(out 1)" 0
n=$(out 0)
# At least the probed function, at most the 16 frames of the buffer. (In
# this kernel the unwinder stops after the probed function when it starts
# from a kprobe's registers: ftrace's own stacktrace trigger on the same
# kprobe skips the callers too. The kernel's walk is what eBPF gets.)
[ "$n" -ge 1 ] && [ "$n" -le 16 ] || fail "get_stack copied $n frames, want 1 to 16"
expect_eq "frames that are kernel addresses" "$(out 3)" "$n"
expect_eq "elements after the frames zeroed (1)" "$(out 4)" 1

line="rex-trace-stack pid $pid frames $n: -7 beef 1234567890abcdef Z"
grep "rex-trace-stack" $T/trace >/tmp/trace
cat /tmp/trace
expect_eq "trace lines of pid $pid, as formatted" "$(grep -c "bpf_trace_printk: $line\$" /tmp/trace)" 1
# bpf_trace_vprintk returns the length of the line with its newline.
expect_eq "trace's return" "$(out 2)" $((${#line} + 1))
rm -rf $D
