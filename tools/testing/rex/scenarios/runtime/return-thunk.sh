# Returns through the kernel's return thunk. Programs' returns are patched
# at load as the kernel patches its own: "ret" where the CPU needs no
# mitigation (TCG's CPU: the main check boot), a jump to x86_return_thunk
# where it does. The check boots a second time with retbleed=force,unret (the
# untrained return thunk), and runs this and other scenarios there.
# Here: the boot is in the mode its command line asked for (the programs
# are run by the scenarios after it: runtime/recursion returns 1000 times a
# run and panics out of 100000 levels).
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

