# The support layer's queue and stack maps and XDP head/tail adjustment in
# the booted kernel: three packets of 60, 64 and 70 bytes are pushed into
# both maps; bpftool pops them in FIFO and LIFO order; each run trims the
# tail by 4 and the head by 14 bytes.
load_pinned $IMAGES/runtime/maps_xdp.rex $BPFFS/mx >/dev/null
for size in 60 64 70; do
	set -- $(rex-test-run $BPFFS/mx/maps_xdp 1 $size) || fail "test run failed"
	expect_eq "return ($size bytes)" "$2" 2
done
expect_eq "length after adjust_tail(-4)" "$(rex-test-map-lookup $BPFFS/mx/result 0)" 66
expect_eq "length after adjust_head(14)" "$(rex-test-map-lookup $BPFFS/mx/result 1)" 52
# bpftool prints the value bytes in hex: 60 = 3c, 64 = 40, 70 = 46
pop() {
	bpftool map "$1" pinned "$2" 2>&1 | sed -n 's/^value: *\([0-9a-f][0-9a-f]\) .*/\1/p'
}
got="$(pop dequeue $BPFFS/mx/fifo) $(pop dequeue $BPFFS/mx/fifo) $(pop dequeue $BPFFS/mx/fifo)"
expect_eq "queue order" "$got" "3c 40 46"
got="$(pop pop $BPFFS/mx/lifo) $(pop pop $BPFFS/mx/lifo) $(pop pop $BPFFS/mx/lifo)"
expect_eq "stack order" "$got" "46 40 3c"
rm -rf $BPFFS/mx
