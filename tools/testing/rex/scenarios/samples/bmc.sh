# bmc in front of a real memcached on lo: bmc_rx (generic XDP) answers UDP
# gets from the cache that bmc_tx (tcx egress) fills from memcached's
# replies; memcached's own get counters show which gets reached it. A set
# over TCP drops the key, flush_all empties the cache, a multi-key get and
# a value too big to cache go to memcached every time.
mc=rex-test-memcache
bmc_stat() { rex-test-map-lookup $BPFFS/bmc/stats "$1"; }
get_requests=0 hits=1 misses=2 cached=3 invalidations=4 flushes=5 no_room=6

bmc_cleanup() {
	rex detach $BPFFS/bmc_rx_link 2>/dev/null
	rex detach $BPFFS/bmc_tx_link 2>/dev/null
	rm -rf $BPFFS/bmc
	[ -f /tmp/memcached.pid ] && kill "$(cat /tmp/memcached.pid)" 2>/dev/null
	rm -f /tmp/memcached.pid
}
trap bmc_cleanup EXIT

memcached -u root -l 127.0.0.1 -p 11211 -U 11211 -t 1 -m 16 -d -P /tmp/memcached.pid ||
	fail "memcached did not start"
i=0
until $mc tcp version >/tmp/mc.out 2>&1; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "memcached does not answer: $(cat /tmp/mc.out)"
	sleep 0.1
done
grep -q '^VERSION ' /tmp/mc.out || fail "version: $(cat /tmp/mc.out)"

mkdir $BPFFS/bmc
rex load $IMAGES/samples/bmc.rex --pin $BPFFS/bmc >/tmp/out 2>&1 || fail "$(cat /tmp/out)"
rex attach $BPFFS/bmc/bmc_rx xdp lo --mode generic --pin $BPFFS/bmc_rx_link >/tmp/out 2>&1 ||
	fail "attach bmc_rx: $(cat /tmp/out)"
rex attach $BPFFS/bmc/bmc_tx tc lo egress --pin $BPFFS/bmc_tx_link >/tmp/out 2>&1 ||
	fail "attach bmc_tx: $(cat /tmp/out)"
# Each program's code may call helpers its type does not offer (the other
# program's): the kernel maps the image once per program, binding those
# to rex_unreached_import (which panics if called), which neither reaches.
expect_eq "mappings of the image" \
	"$(grep -c ' rex:bmc_rx:__rex_entry_bmc_tx[[:space:]]' /proc/kallsyms)" 2

expect_eq "set" "$($mc set greeting hello)" STORED
expect_eq "first get" "$($mc get greeting)" hello
expect_eq "memcached's hits after one get" "$($mc stat get_hits)" 1
expect_eq "misses" "$(bmc_stat $misses)" 1
expect_eq "replies cached" "$(bmc_stat $cached)" 1
expect_eq "second get" "$($mc get greeting)" hello
expect_eq "third get" "$($mc get greeting)" hello
expect_eq "hits" "$(bmc_stat $hits)" 2
expect_eq "memcached's hits after the cached gets" "$($mc stat get_hits)" 1
expect_eq "gets seen" "$(bmc_stat $get_requests)" 3

# A set over TCP drops the key: the next get reaches memcached, and the new
# value is what both memcached and then the cache answer.
expect_eq "set again" "$($mc set greeting world)" STORED
expect_eq "invalidations" "$(bmc_stat $invalidations)" 1
expect_eq "get after set" "$($mc get greeting)" world
expect_eq "memcached's hits after set" "$($mc stat get_hits)" 2
expect_eq "cached get after set" "$($mc get greeting)" world
expect_eq "hits after set" "$(bmc_stat $hits)" 3
expect_eq "delete" "$($mc tcp 'delete greeting')" DELETED
expect_eq "get after delete" "$($mc get greeting)" miss
expect_eq "invalidations after delete" "$(bmc_stat $invalidations)" 2
# incr, and the meta protocol's set (ms), change a key too.
$mc set n 5 >/dev/null
expect_eq "n from memcached" "$($mc get n)" 5
expect_eq "n from the cache" "$($mc get n)" 5
expect_eq "incr" "$($mc tcp 'incr n 2')" 7
expect_eq "n after incr" "$($mc get n)" 7
expect_eq "n from the cache after incr" "$($mc get n)" 7
expect_eq "meta set" "$($mc tcp "$(printf 'ms n 2\r\nhi')")" HD
expect_eq "n after ms" "$($mc get n)" hi
expect_eq "invalidations after incr and ms" "$(bmc_stat $invalidations)" 4
# memcached takes sets over UDP as well: they drop the key too.
expect_eq "n from the cache after ms" "$($mc get n)" hi
expect_eq "set over UDP" "$($mc udp "$(printf 'set n 0 0 1\r\nz')")" STORED
expect_eq "n after a set over UDP" "$($mc get n)" z
expect_eq "invalidations after a set over UDP" "$(bmc_stat $invalidations)" 5

# A get of two keys goes to memcached.
$mc set a 1 >/dev/null && $mc set b 2 >/dev/null
expect_eq "two keys" "$($mc get a b | tr '\n' ' ')" "1 2 "
expect_eq "memcached's gets of two keys" "$($mc stat cmd_get)" 9

# A value of 1000 bytes (BMC's limit) is cached and found there; whether
# bmc_rx can answer it depends on the frame's room (under generic XDP, the
# sk_buff's tailroom): either way the answer is whole. One of 1330 bytes
# (whose reply is more than bmc keeps, but still one datagram) is not
# cached.
found() { echo $(($(bmc_stat $hits) + $(bmc_stat $no_room))); }
big=$(head -c 1000 /dev/zero | tr '\0' x)
$mc set big "$big" >/dev/null
found_before=$(found) cached_before=$(bmc_stat $cached)
expect_eq "1000-byte value from memcached" "$($mc get big)" "$big"
expect_eq "1000-byte value cached" "$(bmc_stat $cached)" $((cached_before + 1))
expect_eq "1000-byte value again" "$($mc get big)" "$big"
expect_eq "1000-byte value found in the cache" "$(found)" $((found_before + 1))
huge=$(head -c 1330 /dev/zero | tr '\0' y)
$mc set huge "$huge" >/dev/null
# (answered by memcached, the 1000-byte value was cached again)
cached_before=$(bmc_stat $cached)
expect_eq "1330-byte value" "$($mc get huge)" "$huge"
expect_eq "1330-byte value again" "$($mc get huge)" "$huge"
expect_eq "1330-byte value not cached" "$(bmc_stat $cached)" "$cached_before"
expect_eq "1330-byte value never found" "$(found)" $((found_before + 1))

# flush_all empties memcached and the cache alike.
expect_eq "flush_all" "$($mc tcp flush_all)" OK
expect_eq "flushes" "$(bmc_stat $flushes)" 1
expect_eq "get after flush_all" "$($mc get big)" miss
expect_eq "found after flush_all" "$(found)" $((found_before + 1))

# make bench's figure: a loop of gets of one cached key is answered by bmc
# alone (and, detached below, by memcached alone).
$mc set timed 42 >/dev/null
expect_eq "timed key from memcached" "$($mc get timed)" 42
hits_before=$(bmc_stat $hits) mc_hits=$($mc stat get_hits)
$mc bench timed 20 >/tmp/mc.out || fail "bench with bmc: $(cat /tmp/mc.out)"
grep -qx '[0-9][0-9]*' /tmp/mc.out || fail "bench prints no time: $(cat /tmp/mc.out)"
expect_eq "bench gets answered by bmc" "$(bmc_stat $hits)" $((hits_before + 20))
expect_eq "memcached's hits during the bench" "$($mc stat get_hits)" "$mc_hits"
gets_before=$(bmc_stat $get_requests)

rex detach $BPFFS/bmc_rx_link || fail "detach bmc_rx"
rex detach $BPFFS/bmc_tx_link || fail "detach bmc_tx"
expect_eq "set after detach" "$($mc set after 1)" STORED
expect_eq "get after detach" "$($mc get after)" 1
expect_eq "gets seen after detach" "$(bmc_stat $get_requests)" "$gets_before"
mc_hits=$($mc stat get_hits)
$mc bench timed 20 >/tmp/mc.out || fail "bench without bmc: $(cat /tmp/mc.out)"
expect_eq "bench gets answered by memcached" "$($mc stat get_hits)" $((mc_hits + 20))
expect_eq "bench gets seen by bmc after detach" "$(bmc_stat $get_requests)" "$gets_before"
$mc bench missing 1 >/tmp/mc.out 2>&1
expect_eq "bench of a missing key fails" "$?" 1
grep -q 'malformed reply (bench reply)' /tmp/mc.out || fail "bench of a missing key: $(cat /tmp/mc.out)"
