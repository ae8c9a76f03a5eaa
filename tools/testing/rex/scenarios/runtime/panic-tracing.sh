# A panic in a kprobe, a tracepoint and a perf_event program: each is
# reported with its message and line, the hooked code carries on (getppid
# returns, exec works, the CPU keeps ticking) and the program is disabled.
id=$(load_pinned $IMAGES/runtime/panic_kprobe.rex $BPFFS/pk)
rex attach $BPFFS/pk/panic_kprobe kprobe __x64_sys_getppid --pin $BPFFS/pk_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
rex-test-trigger getppid 5 || fail "getppid failed under a panicking kprobe"
expect_report $id "panic: kprobe panic at .*/panic_kprobe.cpp:$(src_line panic_kprobe.cpp 'rex::panic(')\$" "kprobe"
expect_eq "kprobe state" "$(prog_field $id state)" faulted
expect_eq "kprobe panics" "$(prog_field $id panics)" 1
rex detach $BPFFS/pk_link

id=$(load_pinned $IMAGES/runtime/panic_tp.rex $BPFFS/pp)
rex attach $BPFFS/pp/panic_tp tracepoint sched/sched_process_exec --pin $BPFFS/pp_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
expect_eq "exec under a panicking tracepoint program" "$(/bin/echo alive)" alive
expect_report $id "panic: tracepoint panic at .*/panic_tp.cpp:$(src_line panic_tp.cpp 'rex::panic(')\$" "tracepoint"
rex detach $BPFFS/pp_link

id=$(load_pinned $IMAGES/runtime/panic_perf.rex $BPFFS/pf)
rex attach $BPFFS/pf/panic_perf perf cpu-clock --freq 1000 --pin $BPFFS/pf_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
i=0
while [ "$(prog_field $id panics)" = 0 ] && [ $i -lt 50 ]; do
	rex-test-trigger getppid 1000
	i=$((i + 1))
done
expect_report $id "panic: perf_event panic at .*/panic_perf.cpp:$(src_line panic_perf.cpp 'rex::panic(')\$" "perf_event"
rex detach $BPFFS/pf_link
rm -rf $BPFFS/pk $BPFFS/pp $BPFFS/pf
