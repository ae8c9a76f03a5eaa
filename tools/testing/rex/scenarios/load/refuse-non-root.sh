# Loading native code needs privileges.
as_nobody "rex-test-raw-load $IMAGES/bad/plain-xdp.rex xdp" >/tmp/out 2>&1 && fail "nobody loaded a program"
cat /tmp/out
grep -q "^errno EPERM$" /tmp/out || fail "expected EPERM"
