# /proc/sys/kernel/rex shows the documented defaults.
expect_eq timeout_ms "$(cat $REX_SYSCTL/timeout_ms)" 1000
expect_eq stack_size "$(cat $REX_SYSCTL/stack_size)" 65536
expect_eq prog_stack_budget "$(cat $REX_SYSCTL/prog_stack_budget)" 48128
