# A map whose spec differs from the image is refused (EBADFD).
rex-test-raw-load $IMAGES/bad/plain-xdp.rex xdp --pin $BPFFS/dummy >/dev/null || fail "plain image"
mkdir $BPFFS/tcmaps
rex load $IMAGES/samples/tc_count.rex --pin $BPFFS/tcmaps >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
map=$(ls $BPFFS/tcmaps | grep -v tc_count | head -n 1)
rm -f $BPFFS/dummy
# xdp_count wants array<u64, 2>; give it the tc sample map instead.
rex-test-raw-load $IMAGES/samples/xdp_count.rex xdp --map-fd-from $BPFFS/tcmaps/$map >/tmp/out 2>&1
rc=$?
rm -rf $BPFFS/tcmaps
cat /tmp/out
[ $rc -ne 0 ] || fail "loaded with a mismatched map"
grep -q "^errno EBADFD$" /tmp/out || fail "expected EBADFD"
grep -q "the image wants" /tmp/out || fail "the log does not describe the mismatch"
