# bpftool, built from the same tree, shows a Rex program as an ordinary
# BPF program: id, type, name, and its map.
mkdir $BPFFS/bt
rex load $IMAGES/samples/xdp_count.rex --pin $BPFFS/bt >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
id=$(sed -n 's/^loaded xdp_count id //p' /tmp/out)
bpftool prog show pinned $BPFFS/bt/xdp_count >/tmp/show 2>&1 || fail "bpftool: $(cat /tmp/show)"
cat /tmp/show
grep -Eq "^$id: xdp +name xdp_count " /tmp/show || fail "bpftool does not show program $id as xdp xdp_count"
grep -q "map_ids" /tmp/show || fail "bpftool shows no map for the program"
bpftool prog list | grep -q "^$id: xdp" || fail "program $id missing from bpftool prog list"
rm -rf $BPFFS/bt
