# The functions of a loaded image are in kallsyms as rex:<prog>:<function>,
# at addresses in the module area, and leave with the program.
mkdir $BPFFS/ksym
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/ksym >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
grep ' rex:xdp_count:__rex_entry_xdp_count[[:space:]]' /proc/kallsyms >/tmp/sym || fail "entry not in kallsyms"
cat /tmp/sym
grep -q '^ffffffffa\|^ffffffffb\|^ffffffffc\|^ffffffffd\|^ffffffffe\|^fffffffff' /tmp/sym ||
	fail "entry is not in the top 2 GiB (module area)"
rm -rf $BPFFS/ksym
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ' rex:xdp_count:' /proc/kallsyms || exit 0
	sleep 0.3
done
fail "symbols still present after the program was unloaded"
