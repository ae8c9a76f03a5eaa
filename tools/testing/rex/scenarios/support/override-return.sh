# kprobe_ctx::override_return in the booted kernel: while control[0] is
# set, getppid(2) returns 4242 without running; afterwards it returns a
# real parent pid again.
load_pinned $IMAGES/runtime/override.rex $BPFFS/or >/dev/null
rex attach $BPFFS/or/override kprobe __x64_sys_getppid --pin $BPFFS/or_link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"
map_set $BPFFS/or/control 0 1 4
got=$(rex-test-trigger getppid 1)
map_set $BPFFS/or/control 0 0 4
expect_eq "getppid() with the override" "$got" 4242
n=$(rex-test-map-lookup $BPFFS/or/control 1)
[ "$n" -ge 1 ] || fail "no override counted"
got=$(rex-test-trigger getppid 1)
[ "$got" != 4242 ] && [ "$got" -gt 0 ] || fail "getppid() after the override: $got"
expect_eq "overrides counted (none after control[0] = 0)" "$(rex-test-map-lookup $BPFFS/or/control 1)" "$n"
rex detach $BPFFS/or_link
rm -rf $BPFFS/or
