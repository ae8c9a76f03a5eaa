# timeout_ms accepts 1..60000 and rejects anything else, keeping its value.
f=$REX_SYSCTL/timeout_ms
echo 5 >$f || fail "writing 5 failed"
expect_eq "after writing 5" "$(cat $f)" 5
for bad in 0 60001 -1 abc; do
	if echo "$bad" >$f 2>/dev/null; then
		fail "writing '$bad' was accepted"
	fi
	expect_eq "after writing '$bad'" "$(cat $f)" 5
done
echo 60000 >$f || fail "writing 60000 failed"
expect_eq "after writing 60000" "$(cat $f)" 60000
echo 1000 >$f
