# The support layer's byte order, search, for_each, iota and view_as on
# rex-test-run's frame (64 bytes, all zero but byte 12 = 0x08 and byte 14 =
# 0x45), map update/remove results, percpu_hash, and the time, NUMA and
# random helpers, in the booted kernel: progs/support_helpers.cpp says
# what each element of out holds.  Two runs, a second apart.
d=$BPFFS/sh
load_pinned $IMAGES/runtime/support_helpers.rex $d >/dev/null
out() {
	rex-test-map-lookup $d/out $1 || fail "out[$1]: lookup failed"
}
uptime_s() {
	cut -d. -f1 /proc/uptime
}

before=$(uptime_s)
set -- $(rex-test-run $d/support_helpers 1 64) || fail "test run failed"
expect_eq "return (XDP_PASS: every step did what it should)" "$2" 2
after=$(uptime_s)

expect_eq "EtherType as a be16" "$(out 0)" $((0x0800))
expect_eq "bytes 12-15 as a be32" "$(out 1)" $((0x08004500))
expect_eq "search 08 00 45" "$(out 2)" 12
expect_eq "search 45 01 (absent)" "$(out 3)" 999
expect_eq "for_each: sum of the bytes" "$(out 4)" $((0x08 + 0x45))
expect_eq "iota: sum of the indexes of nonzero bytes" "$(out 5)" $((12 + 14))
expect_eq "view_as: misaligned refused, aligned given, past the end refused" "$(out 6)" 7
expect_eq "id written in place as be16(0x1234): bytes 18, 19" "$(out 7)" $((0x1234))
expect_eq "ttl written in place at byte 22" "$(out 8)" 64
expect_eq "total_length written as be16(64 - 14), read back" "$(out 9)" 50

coarse=$(out 10) mono=$(out 11) boot=$(out 12) jiffies=$(out 13)
# Taken in this order: coarse (last tick) <= monotonic <= boot time.
[ $((coarse > 0 && coarse <= mono && mono <= boot)) = 1 ] ||
	fail "clocks out of order: coarse $coarse, monotonic $mono, boot $boot"
# /proc/uptime is CLOCK_BOOTTIME in seconds, read around the run.
[ $((boot >= before * 1000000000 && boot < (after + 1) * 1000000000)) = 1 ] ||
	fail "ktime_get_boot_ns $boot is not between uptime $before and $((after + 1)) s"
[ $((coarse >= (before - 1) * 1000000000)) = 1 ] ||
	fail "ktime_get_coarse_ns $coarse is more than a second behind uptime $before s"
# jiffies_64 starts 300 * HZ ticks below 2^32 and counts HZ (at most 1000) a second.
[ $((jiffies >= 4294967296 - 300 * 1000 && jiffies <= 4294967296 + 1000 * (after + 1))) = 1 ] ||
	fail "jiffies64 $jiffies is not a tick count for uptime $after s"
expect_eq "NUMA node + 1 (the test kernel has no NUMA)" "$(out 14)" 1
r1=$(out 15) r2=$(out 16)
[ "$r1" != "$r2" ] || fail "get_prandom_u32 returned $r1 twice"
[ $((r1 <= 4294967295 && r2 <= 4294967295)) = 1 ] || fail "get_prandom_u32 above 32 bits: $r1 $r2"
expect_eq "array_map::update past the end: error::too_big" "$(out 17)" 7
expect_eq "percpu_hash::remove of an absent key: error::no_entry" "$(out 18)" 2
expect_eq "percpu_hash[7]: the packet size (summed over CPUs)" "$(rex-test-map-lookup $d/per_cpu 7)" 64
rex-test-map-lookup $d/per_cpu 8 >/dev/null
expect_eq "percpu_hash[8] removed (lookup exit 3: absent)" "$?" 3

sleep 1
set -- $(rex-test-run $d/support_helpers 1 64) || fail "second test run failed"
expect_eq "second run: return" "$2" 2
[ $(($(out 12) - boot >= 1000000000)) = 1 ] || fail "boot time advanced less than the 1 s slept: $boot, $(out 12)"
[ $(($(out 13) > jiffies)) = 1 ] || fail "jiffies64 did not advance over 1 s: $jiffies, $(out 13)"
[ $(($(out 10) > coarse)) = 1 ] || fail "ktime_get_coarse_ns did not advance over 1 s: $coarse, $(out 10)"
# Whichever CPUs the runs took: this CPU's value grows, the sum is 2 * 64.
expect_eq "percpu_hash[7] after two runs" "$(rex-test-map-lookup $d/per_cpu 7)" 128
rm -rf $d
