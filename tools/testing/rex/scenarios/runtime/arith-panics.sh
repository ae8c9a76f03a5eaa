# Division by zero, an oversized shift and an out-of-range array index
# each panic with the file and line of the expression (clang's sanitizer
# checks call the kernel's handlers), never oops; with valid operands the
# same programs compute the right values.
for prog in div0 shift oob; do
	id=$(load_pinned $IMAGES/runtime/$prog.rex $BPFFS/$prog)
	set -- $(rex-test-run $BPFFS/$prog/$prog 1 64) || fail "$prog: test run failed"
	expect_eq "$prog: return after the panic (XDP_DROP)" "$2" 1
	case $prog in
	div0) msg="division by zero" pat="ctx.size() / divisor" ;;
	shift) msg="shift out of range" pat="ctx.size() << amount" ;;
	oob) msg="array index out of bounds" pat="primes[index]" ;;
	esac
	line=$(src_line $prog.cpp "$pat")
	[ -n "$line" ] || fail "$prog: no line with '$pat' in the source"
	reports_of $id | grep -q "panic: $msg.* at .*/$prog.cpp:$line\$" ||
		fail "$prog: no report '$msg' at $prog.cpp:$line: $(reports_of $id)"
done
map_set $BPFFS/div0/args 0 4 4
set -- $(rex-test-run $BPFFS/div0/div0 1 64)
expect_eq "64 / 4: return" "$2" 2
expect_eq "64 / 4" "$(rex-test-map-lookup $BPFFS/div0/args 1)" 16
map_set $BPFFS/shift/args 0 35 4
set -- $(rex-test-run $BPFFS/shift/shift 1 64)
expect_eq "64 << 5: return" "$2" 2
expect_eq "64 << 5" "$(rex-test-map-lookup $BPFFS/shift/args 1)" 2048
map_set $BPFFS/oob/args 0 8 4
set -- $(rex-test-run $BPFFS/oob/oob 1 64)
expect_eq "primes[1]: return" "$2" 2
expect_eq "primes[1]" "$(rex-test-map-lookup $BPFFS/oob/args 1)" 3
rm -rf $BPFFS/div0 $BPFFS/shift $BPFFS/oob

# INT_MIN / -1: the sanitizer does not check it (-fwrapv), the CPU raises a
# divide error in the program's code, and the trap handler ends the run.
id=$(load_pinned $IMAGES/runtime/divov.rex $BPFFS/divov)
map_set $BPFFS/divov/args 0 $((0x80000000)) 4
map_set $BPFFS/divov/args 1 $((0xffffffff)) 4
set -- $(rex-test-run $BPFFS/divov/divov 1) || fail "divov: test run failed"
expect_eq "INT_MIN / -1: return (XDP_DROP)" "$2" 1
expect_report $id "prog $id divov cpu [0-9]*: fault: divide error" "divide-error"
reports_of $id | grep -q "^  rex:divov:" || fail "the trace does not name the program"
map_set $BPFFS/divov/args 0 $((-12 & 0xffffffff)) 4
map_set $BPFFS/divov/args 1 4 4
set -- $(rex-test-run $BPFFS/divov/divov 1)
expect_eq "-12 / 4: return" "$2" 2
expect_eq "-12 / 4 (as u32)" "$(rex-test-map-lookup $BPFFS/divov/args 2)" $((-3 & 0xffffffff))
rm -rf $BPFFS/divov
