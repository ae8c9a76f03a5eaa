# One image, an XDP and a TC program sharing a map: both count into the
# same map, and the image's code is mapped once (one set of symbols).
mkdir $BPFFS/shared
rex load $IMAGES/samples/xdp_tc_shared.rex --pin $BPFFS/shared >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
set -- $(rex-test-run $BPFFS/shared/shared_xdp 3)
expect_eq "XDP return" "$2" 2
set -- $(rex-test-run $BPFFS/shared/shared_tc 2)
expect_eq "TC return (TC_ACT_OK)" "$2" 0
expect_eq "XDP count" "$(rex-test-map-lookup $BPFFS/shared/seen 0)" 3
expect_eq "TC count" "$(rex-test-map-lookup $BPFFS/shared/seen 1)" 2
expect_eq "mappings of the image's TC entry" \
	"$(grep -c ' rex:shared_xdp:__rex_entry_shared_tc[[:space:]]' /proc/kallsyms)" 1
rm -rf $BPFFS/shared
