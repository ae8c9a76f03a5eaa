# kprobe_ctx::override_return in the booted kernel: while control[0] is
# set, getppid(2) returns 4242 without running; afterwards it returns a
# real parent pid again.
#
# The test kernel has no ftrace, so a kprobe on a function's entry is an
# int3 that the kernel later optimizes into a jump; an optimized kprobe
# ignores a changed instruction pointer, so overriding (for eBPF as for Rex)
# needs optimization off.
opt=/proc/sys/debug/kprobes-optimization
old_opt=$(cat $opt)
trap 'echo $old_opt >$opt' EXIT
echo 0 >$opt
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
