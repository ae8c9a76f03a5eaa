# rex list --json prints one object per program with id, type and name.
id=$(rex-test-pin-prog e2e_json /sys/fs/bpf/e2e_json) || fail "cannot load the probe program"
rex list --json >/tmp/list.json || fail "rex list --json failed"
rm /sys/fs/bpf/e2e_json
cat /tmp/list.json
tr -d ' \n' </tmp/list.json | grep -q "{\"id\":$id,\"type\":\"xdp\",\"name\":\"e2e_json\"" ||
	fail "no object for program $id in the JSON output"
head -c 1 /tmp/list.json | grep -q '\[' || fail "output is not a JSON array"
