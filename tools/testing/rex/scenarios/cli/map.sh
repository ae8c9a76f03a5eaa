# rex map reads and changes the maps of loaded Rex programs.  xdp_count
# counts into counters, an array of two u64: [0] packets, [1] bytes.  Ten
# test runs of a 64-byte packet leave 10 and 640 (0x280) there.  maps_xdp
# pushes each packet's length into fifo (a queue) and lifo (a stack).

# map_cmd RC ARGS...: rex map ARGS exits with RC; its stdout and stderr in /tmp/map.out.
map_cmd() {
	_want=$1
	shift
	rex map "$@" >/tmp/map.out 2>&1
	_rc=$?
	cat /tmp/map.out
	[ "$_rc" = "$_want" ] || fail "rex map $*: exit $_rc, want $_want: $(cat /tmp/map.out)"
}

# json_int KEY: the integer value of the entry with integer key KEY in the JSON of /tmp/map.out.
json_int() {
	sed 's/},{"key"/}\
{"key"/g' /tmp/map.out |
		sed -n "s/.*\"key\":{\"bytes\":\"[0-9a-f ]*\",\"int\":$1},\"value\":{\"bytes\":\"[0-9a-f ]*\",\"int\":\([0-9]*\)}.*/\1/p"
}

dir=$BPFFS/e2e_map
load_pinned $IMAGES/samples/xdp_count.rex $dir >/dev/null
set -- $(rex-test-run $dir/xdp_count 10) || fail "test run failed"
expect_eq "return value (XDP_PASS)" "$2" 2

map_cmd 0 dump $dir/counters
expect_eq "dump" "$(cat /tmp/map.out)" "key 0 (00 00 00 00)  value 10 (0a 00 00 00 00 00 00 00)
key 1 (01 00 00 00)  value 640 (80 02 00 00 00 00 00 00)"

map_cmd 0 lookup $dir/counters 1
expect_eq "lookup 1" "$(cat /tmp/map.out)" "key 1 (01 00 00 00)  value 640 (80 02 00 00 00 00 00 00)"
map_cmd 0 lookup $dir/counters "00 00 00 00"
expect_eq "lookup as bytes" "$(cat /tmp/map.out)" "key 0 (00 00 00 00)  value 10 (0a 00 00 00 00 00 00 00)"

# The program sees what user space wrote: 256 packets, plus one run of 64 bytes.
map_cmd 0 update $dir/counters 0 0x100
expect_eq "update prints nothing" "$(cat /tmp/map.out)" ""
map_cmd 0 lookup $dir/counters 0
expect_eq "lookup after update" "$(cat /tmp/map.out)" "key 0 (00 00 00 00)  value 256 (00 01 00 00 00 00 00 00)"
set -- $(rex-test-run $dir/xdp_count 1) || fail "test run failed"
map_cmd 0 dump $dir/counters --json
head -c 1 /tmp/map.out | grep -q '\[' || fail "dump --json is not a JSON array"
expect_eq "packets (JSON)" "$(json_int 0)" 257
expect_eq "bytes (JSON)" "$(json_int 1)" 704
map_cmd 0 lookup $dir/counters 1 --json
expect_eq "lookup --json" "$(cat /tmp/map.out)" \
	'{"key":{"bytes":"01 00 00 00","int":1},"value":{"bytes":"c0 02 00 00 00 00 00 00","int":704}}'

# What fails, and says why.
map_cmd 1 delete $dir/counters 0
grep -q "^rex map delete: $dir/counters is an array map: its entries always exist and cannot be deleted" \
	/tmp/map.out || fail "delete of an array: no explanation"
map_cmd 1 update $dir/counters 1 5 --create
grep -q "key 1 (01 00 00 00) has an entry already" /tmp/map.out || fail "update --create: no explanation"
map_cmd 1 lookup $dir/counters 2
grep -q "^rex map lookup: $dir/counters: no entry for key 2 (02 00 00 00)" /tmp/map.out ||
	fail "lookup of an absent key: no explanation"
map_cmd 2 lookup $dir/counters "01 00"
grep -q "the key is 4 bytes, not 2" /tmp/map.out || fail "size mismatch: no explanation"
map_cmd 1 dump $dir/xdp_count
grep -q "is a pinned program, not a map" /tmp/map.out || fail "dump of a program: no explanation"
map_cmd 1 dump $dir/absent
grep -q "nothing is pinned there" /tmp/map.out || fail "dump of nothing: no explanation"
rm -rf $dir

# Queue and stack maps: pop takes the values in FIFO and LIFO order.
dir=$BPFFS/e2e_mapq
load_pinned $IMAGES/runtime/maps_xdp.rex $dir >/dev/null
for size in 60 64 70; do
	set -- $(rex-test-run $dir/maps_xdp 1 $size) || fail "test run failed"
	expect_eq "return ($size bytes)" "$2" 2
done
got=""
for i in 1 2 3; do
	map_cmd 0 pop $dir/fifo
	got="$got$(cat /tmp/map.out);"
done
expect_eq "queue order" "$got" "value 60 (3c 00 00 00);value 64 (40 00 00 00);value 70 (46 00 00 00);"
map_cmd 1 pop $dir/fifo
grep -q "^rex map pop: $dir/fifo: the queue is empty" /tmp/map.out || fail "pop of an empty queue"
map_cmd 0 pop $dir/lifo --json
expect_eq "stack top (JSON)" "$(cat /tmp/map.out)" '{"value":{"bytes":"46 00 00 00","int":70}}'
map_cmd 0 push $dir/fifo 99
map_cmd 0 pop $dir/fifo
expect_eq "pushed value" "$(cat /tmp/map.out)" "value 99 (63 00 00 00)"
map_cmd 1 dump $dir/fifo
grep -q "is a queue map: it has no keys: rex map pop" /tmp/map.out || fail "dump of a queue: no explanation"
rm -rf $dir
