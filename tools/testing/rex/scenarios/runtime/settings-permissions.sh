# Layout settings are read-only; nobody but root may change timeout_ms.
if echo 4096 >$REX_SYSCTL/stack_size 2>/dev/null; then
	fail "stack_size is writable"
fi
expect_eq stack_size "$(cat $REX_SYSCTL/stack_size)" 65536
if as_nobody "echo 7 >$REX_SYSCTL/timeout_ms" 2>/dev/null; then
	fail "an unprivileged user changed timeout_ms"
fi
expect_eq timeout_ms "$(cat $REX_SYSCTL/timeout_ms)" 1000
as_nobody "cat $REX_SYSCTL/timeout_ms" >/dev/null || fail "timeout_ms is not world-readable"
