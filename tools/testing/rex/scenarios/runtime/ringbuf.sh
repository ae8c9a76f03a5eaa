# A panic between ring-buffer reserve and submit: the kernel discards the
# reservation. Were it left reserved, its busy header would hide every
# later record from the consumer. So does a panic after submit(), which
# takes effect at the end of the record's scope.
id=$(load_pinned $IMAGES/runtime/ringbuf.rex $BPFFS/rb)

# runs MODE N RET: N test runs with control[0] = MODE each return RET.
runs() {
	map_set $BPFFS/rb/control 0 "$1" 8
	set -- "$@" $(rex-test-run $BPFFS/rb/ringbuf "$2")
	expect_eq "return of $2 runs in mode $1" "$5" "$3"
}

# consume RECORDS DISCARDED FIRST: rex-test-ringbuf reads RECORDS committed
# and DISCARDED discarded records, none left busy, the first committed one
# with sequence number FIRST.
consume() {
	rex-test-ringbuf $BPFFS/rb/events >/tmp/rb || fail "ringbuf: $(cat /tmp/rb)"
	cat /tmp/rb
	read -r _ records _ discarded _ busy _ first </tmp/rb
	expect_eq "records submitted" "$records" "$1"
	expect_eq "reservations discarded" "$discarded" "$2"
	expect_eq "a reservation left busy" "$busy" 0
	expect_eq "first record's sequence number" "$first" "$3"
}

runs 1 3 1	# runs 0-2 panic holding a reservation (XDP_DROP)
expect_report $id "panic: panic holding a ring buffer reservation at .*/ringbuf.cpp:" "panic"
runs 0 2 2
consume 2 3 3
# A panic after submit() but before the record's scope ends, where submit()
# takes effect: the record is dropped as well.
runs 2 2 1	# runs 5-6
expect_report $id "panic: panic after submit, before the record's scope ends at .*/ringbuf.cpp:" "panic"
runs 0 1 2
consume 1 2 7
rm -rf $BPFFS/rb
