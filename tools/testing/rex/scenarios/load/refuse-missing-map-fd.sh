# A sample with a map, loaded without map fds.
if rex-test-raw-load $IMAGES/samples/xdp_count.rex xdp >/tmp/out 2>&1; then fail "loaded without maps"; fi
cat /tmp/out
grep -q "^errno EBADF$" /tmp/out || fail "expected EBADF"
grep -q "no fd_array" /tmp/out || fail "log does not name the missing fd_array"
