# A panic between ring-buffer reserve and submit: the kernel discards the
# reservation. Were it left reserved, its busy header would hide every
# later record from the consumer.
id=$(load_pinned $IMAGES/runtime/ringbuf.rex $BPFFS/rb)
map_set $BPFFS/rb/control 0 1 8
set -- $(rex-test-run $BPFFS/rb/ringbuf 3)
expect_eq "return after panics holding a reservation" "$2" 1
reports_of $id | grep -q "panic: panic holding a ring buffer reservation at .*/ringbuf.cpp:" ||
	fail "no report: $(reports_of $id)"
map_set $BPFFS/rb/control 0 0 8
set -- $(rex-test-run $BPFFS/rb/ringbuf 2)
expect_eq "return" "$2" 2
rex-test-ringbuf $BPFFS/rb/events >/tmp/rb || fail "ringbuf: $(cat /tmp/rb)"
cat /tmp/rb
set -- $(cat /tmp/rb)
expect_eq "records submitted after the panics" "$2" 2
expect_eq "reservations discarded by the panics" "$4" 3
expect_eq "a reservation left busy" "$6" 0
expect_eq "first record's sequence number (runs 0-2 panicked)" "$8" 3
rm -rf $BPFFS/rb
