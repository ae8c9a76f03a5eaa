# Without CAP_SYS_ADMIN, rex list fails with exit 1 and says what to do.
as_nobody "rex list" >/tmp/out 2>&1
expect_eq "exit status for nobody" "$?" 1
cat /tmp/out
grep -q 'Operation not permitted' /tmp/out || fail "error does not give the reason"
grep -qi 'root' /tmp/out || fail "error does not say how to fix it"
