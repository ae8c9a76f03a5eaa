# Returns through the kernel's return thunk. Programs' returns are patched
# at load as the kernel patches its own: "ret" where the CPU needs no
# mitigation (TCG's CPU: the main check boot), a jump to x86_return_thunk
# where it does. The check boots a second time with retbleed=force,unret (the
# untrained return thunk), and runs this and other scenarios there.
# Here: the boot is in the mode its command line asked for, and a program
# that returns 1000 times a run, and panics out of 100000 levels, runs
# correctly in it.
state=$(cat /sys/devices/system/cpu/vulnerabilities/retbleed)
case " $(cat /proc/cmdline) " in
*" retbleed=force,unret "*)
	case "$state" in "Mitigation: untrained return thunk"*) ;; *) false ;; esac ||
		fail "retbleed=force,unret: the kernel reports '$state', not the untrained return thunk"
	dmesg | grep -q "active return thunk: retbleed_return_thunk" ||
		fail "retbleed=force,unret: the kernel did not select retbleed_return_thunk"
	;;
*)
	[ "$state" = "Not affected" ] ||
		fail "without retbleed=force,unret TCG's CPU should need no return thunk, the kernel reports '$state'"
	;;
esac

id=$(load_pinned $IMAGES/runtime/recursion.rex $BPFFS/rt)
map_set $BPFFS/rt/control 0 1000 4
set -- $(rex-test-run $BPFFS/rt/recursion 1)
expect_eq "depth 1000 returns its depth" "$2" 1000
map_set $BPFFS/rt/control 0 100000 4
set -- $(rex-test-run $BPFFS/rt/recursion 1)
expect_eq "unbounded recursion returns the default (0xdead)" "$2" 57005
expect_report $id "prog $id recursion cpu [0-9]*: stack: stack exhausted" "stack"
map_set $BPFFS/rt/control 0 1000 4
set -- $(rex-test-run $BPFFS/rt/recursion 1)
expect_eq "depth 1000 after the panic" "$2" 1000
expect_eq "panics" "$(prog_field $id panics)" 1
rm -rf $BPFFS/rt
