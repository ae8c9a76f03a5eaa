# A panic between ring-buffer reserve and submit: the kernel discards the
# reservation. Were it left reserved, its busy header would hide every
# later record from the consumer. So does a panic after submit(), which
# takes effect at the end of the record's scope.
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
# A panic after submit() but before the record's scope ends, where submit()
# takes effect: the record is dropped as well.
map_set $BPFFS/rb/control 0 2 8
set -- $(rex-test-run $BPFFS/rb/ringbuf 2)
expect_eq "return after panics following submit()" "$2" 1
reports_of $id | grep -q "panic: panic after submit, before the record's scope ends at .*/ringbuf.cpp:" ||
	fail "no report: $(reports_of $id)"
map_set $BPFFS/rb/control 0 0 8
set -- $(rex-test-run $BPFFS/rb/ringbuf 1)
expect_eq "return" "$2" 2
rex-test-ringbuf $BPFFS/rb/events >/tmp/rb || fail "ringbuf: $(cat /tmp/rb)"
cat /tmp/rb
set -- $(cat /tmp/rb)
expect_eq "records submitted after the second panics" "$2" 1
expect_eq "records dropped by panics after submit()" "$4" 2
expect_eq "a reservation left busy" "$6" 0
expect_eq "sequence number of the record sent (runs 5-6 panicked)" "$8" 7
rm -rf $BPFFS/rb
