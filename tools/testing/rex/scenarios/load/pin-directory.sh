# rex load --pin DIR makes DIR if it is not there (as bpftool's loadall),
# not its parents; when nothing can be pinned it leaves no directory.
img=$IMAGES/samples/xdp_count.rex
rex load $img --pin $BPFFS/pin_new >/tmp/out 2>&1 || fail "load into a new directory: $(cat /tmp/out)"
[ -d $BPFFS/pin_new ] || fail "no directory $BPFFS/pin_new"
set -- $(rex-test-run $BPFFS/pin_new/xdp_count 2 64) || fail "test run of the pinned program"
expect_eq "pinned map counts" "$(rex-test-map-lookup $BPFFS/pin_new/counters 0)" 2
# An existing directory is used as it is.
rm -rf $BPFFS/pin_new
mkdir $BPFFS/pin_new
rex load $img --pin $BPFFS/pin_new >/tmp/out 2>&1 || fail "load into an existing directory: $(cat /tmp/out)"
[ -e $BPFFS/pin_new/xdp_count ] || fail "not pinned in the existing directory"
rm -rf $BPFFS/pin_new

rex load $img --pin $BPFFS/pin_missing/sub >/tmp/out 2>&1
expect_eq "exit status with no parent directory" "$?" 1
grep -q "making the pin directory $BPFFS/pin_missing/sub: No such file or directory (--pin needs a place on a bpffs whose parent directory exists" /tmp/out ||
	fail "no parent: $(cat /tmp/out)"
[ ! -e $BPFFS/pin_missing ] || fail "a parent directory was made"

# Off the bpffs the directory is made, the pins fail, and it is removed.
rex load $img --pin /tmp/pin_not_bpffs >/tmp/out 2>&1
expect_eq "exit status off the bpffs" "$?" 1
grep -q "BPF_OBJ_PIN at /tmp/pin_not_bpffs/xdp_count" /tmp/out || fail "off the bpffs: $(cat /tmp/out)"
[ ! -e /tmp/pin_not_bpffs ] || fail "the directory made off the bpffs is left behind"
