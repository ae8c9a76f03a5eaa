# A kprobe program that imports bpf_override_return loads, but may only be
# attached where the kernel allows error injection (vfs_read does not; the
# syscall entry points do), as for eBPF.
mkdir $BPFFS/ov
rex-test-raw-load $IMAGES/bad/kprobe-override.rex kprobe --pin $BPFFS/ov/prog >/tmp/out 2>&1 ||
	fail "load: $(cat /tmp/out)"
if rex attach $BPFFS/ov/prog kprobe vfs_read --pin $BPFFS/ov/link >/tmp/out 2>&1; then
	rm -rf $BPFFS/ov
	fail "attached an overriding program to a function without error injection"
fi
cat /tmp/out
grep -q "Invalid argument\|EINVAL" /tmp/out || fail "expected EINVAL from the attach"
rm -rf $BPFFS/ov
