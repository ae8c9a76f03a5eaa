# The hand-made image loads when nothing is wrong with it (proves the
# refusals above are about what each variant changed).
rex-test-raw-load $IMAGES/bad/plain-xdp.rex xdp --pin $BPFFS/plain >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
set -- $(rex-test-run $BPFFS/plain 5)
rm $BPFFS/plain
expect_eq "XDP_PASS from the plain program" "$2" 2
