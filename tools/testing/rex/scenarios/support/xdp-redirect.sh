# xdp_ctx::redirect in the booted kernel: progs/xdp_redirect.cpp returns
# ctx.redirect(1).  A test run does not redirect; it returns the action the
# helper gave, XDP_REDIRECT = 4 (XDP_ABORTED = 0 had the kernel refused it).
D=$BPFFS/xr
load_pinned $IMAGES/runtime/xdp_redirect.rex $D >/dev/null
set -- $(rex-test-run $D/xdp_redirect 1) || fail "test run failed"
expect_eq "test run retval (XDP_REDIRECT)" "$2" 4
rm -rf $D
