# stack_trace_map and perf_event_array in the booted kernel: a kprobe on
# getppid stores its kernel stack (get_stackid) and sends an event, which a
# perf-buffer consumer (rex-test-perf-read, as perf or libbpf's perf_buffer
# would) receives from the CPU's buffer.
D=$BPFFS/tm
load_pinned $IMAGES/runtime/trace_maps.rex $D >/dev/null
rex attach $D/trace_maps kprobe __x64_sys_getppid --pin $D/link >/tmp/out 2>&1 ||
	fail "attach: $(cat /tmp/out)"

# With no perf event open for the CPU, output() fails with ENOENT.
rex-test-trigger getppid 1
expect_eq "output without a consumer (100 + ENOENT)" "$(rex-test-map-lookup $D/out 2)" 102

rex-test-perf-read $D/events rex-test-trigger getppid 3 >/tmp/records 2>&1 ||
	fail "perf read: $(cat /tmp/records)"
rex detach $D/link || fail "detach"
cat /tmp/records
expect_eq "output with a consumer" "$(rex-test-map-lookup $D/out 2)" 1
id=$(($(rex-test-map-lookup $D/out 0) - 1))
[ "$id" -ge 0 ] || fail "no stack id (errno $(rex-test-map-lookup $D/out 1))"

# The event is 16 bytes (pid, stack id, magic), 20 with the kernel's
# padding to 8 bytes; its stack id is the one stored, as 4 LE bytes.
idhex=$(printf '%02x %02x %02x %02x' $((id & 255)) $((id >> 8 & 255)) $((id >> 16 & 255)) $((id >> 24)))
n=$(grep -c "^record cpu [0-9]* size 20: .. .. .. .. $idhex 54 4e 56 45 3a 58 45 52 00 00 00 00\$" /tmp/records)
[ "$n" -ge 3 ] || fail "$n records of the 3 getppid calls' events"

# The stack: 16 frames of 8 bytes; the first is a kernel text address
# (0xffffffff8...), so its upper four bytes are ff.
bpftool map lookup pinned $D/stacks key $(le_bytes 4 "$id") >/tmp/stack 2>&1 ||
	fail "stack $id: $(cat /tmp/stack)"
cat /tmp/stack
upper=$(tr -s ' \n' '  ' </tmp/stack | sed 's/.*value: *//' | cut -d' ' -f5-8)
expect_eq "first frame in kernel text" "$upper" "ff ff ff ff"
rm -rf $D
