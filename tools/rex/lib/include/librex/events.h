/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Reading what programs send to user space: the records of a ring buffer
 * (BPF_MAP_TYPE_RINGBUF, rex::ring_buffer) and the samples of a perf event
 * array (BPF_MAP_TYPE_PERF_EVENT_ARRAY, rex::perf_event_array).
 *
 * A ring buffer is read through mmap(): a consumer page (read-write) that
 * holds the consumer position, then a producer page and the data area
 * (read-only; the kernel maps the data twice in a row, though the reader
 * here copies a record that wraps instead of relying on that).  Each record has an 8-byte header: its length with two
 * flag bits (busy: still reserved; discarded), then the data, the whole
 * rounded up to 8 bytes.  Records are read in order up to the producer
 * position or the first busy one.
 *
 * A perf event array is an array of perf event fds, one per CPU; a program
 * writes into the event of the CPU it runs on.  To read it, user space
 * opens a PERF_COUNT_SW_BPF_OUTPUT event on each CPU, maps its ring,
 * stores its fd at the CPU's index and reads PERF_RECORD_SAMPLE (the raw
 * data: a u32 size, then the bytes, padded by the kernel so that size + 4
 * is a multiple of 8) and PERF_RECORD_LOST (samples dropped because the
 * ring was full) records.  Until an event is stored for a CPU, output()
 * on that CPU fails with ENOENT.
 *
 * walk_ringbuf() and walk_perf_ring() are pure: they read records out of
 * memory given to them, which tests fill in.  EventReader touches the
 * system.
 */

#include <librex/result.h>
#include <librex/unique_fd.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rex::events {

/* What walk_ringbuf() did. */
struct RingbufWalk {
	std::uint64_t consumer = 0; /* the position to store as the new consumer position */
	std::size_t records = 0;    /* committed records handed on */
	std::size_t discarded = 0;  /* discarded records skipped */
	bool stopped_at_busy = false;
};

/*
 * Walks the records of a ring buffer whose data area is data (its size a
 * power of two; a record's bytes that run past the end continue at its
 * start) from position consumer to producer, calling on_record with each
 * committed record's bytes.  Stops before a busy record.  A header whose
 * length does not fit between it and the producer position is an error
 * (EBADMSG), as is a data area whose size is not a power of two (EINVAL).
 */
Result<RingbufWalk> walk_ringbuf(std::span<const std::uint8_t> data, std::uint64_t consumer, std::uint64_t producer,
				 const std::function<void(std::span<const std::uint8_t>)> &on_record);

/*
 * Walks the records of a perf ring whose data area is data (a power of two
 * in size, records wrapping at its end) from tail to head, calling
 * on_record with each record's type (PERF_RECORD_*) and the bytes after
 * its 8-byte header.  Returns the new tail: head, or EBADMSG for a record
 * shorter than its header or longer than what is left.
 */
Result<std::uint64_t> walk_perf_ring(std::span<const std::uint8_t> data, std::uint64_t tail, std::uint64_t head,
				     const std::function<void(std::uint32_t, std::span<const std::uint8_t>)> &on_record);

/* The bytes of a PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW only; nullopt if it does not hold them. */
std::optional<std::span<const std::uint8_t>> raw_sample(std::span<const std::uint8_t> body);
/* The count of a PERF_RECORD_LOST (u64 id, u64 lost); nullopt if too short. */
std::optional<std::uint64_t> lost_samples(std::span<const std::uint8_t> body);

/* One record read, or a count of records lost. */
struct Event {
	const std::string *map = nullptr; /* the name the map was added with */
	std::optional<std::uint32_t> cpu; /* perf event arrays: the CPU's ring */
	std::span<const std::uint8_t> data;
	std::uint64_t lost = 0; /* nonzero: a notice of lost records, data empty */
};

using EventSink = std::function<void(const Event &)>;

/*
 * Reads ring buffers and perf event arrays.  fd() becomes readable when
 * any of them has something; consume() then hands on everything there is.
 * Everything is unmapped and closed when the reader is destroyed.  The
 * perf events stay in their array until the map file they were stored
 * through (map_fd's) is closed: the kernel then takes out the entries
 * stored through that file, and no other reader's.  Move-only.
 */
class EventReader {
public:
	static Result<EventReader> create();
	EventReader(EventReader &&) noexcept;
	EventReader &operator=(EventReader &&) noexcept;
	~EventReader();

	/* Maps the ring buffer map_fd (max_entries bytes of data). */
	Result<void> add_ringbuf(int map_fd, std::string name, std::uint32_t max_entries);
	/*
	 * Opens an output event on each of cpus below max_entries, maps its
	 * ring (ring_pages, a power of two) and stores it in the array map_fd,
	 * in place of what was there.  Returns the cpus at or above
	 * max_entries, which have no slot.
	 */
	Result<std::vector<std::uint32_t>> add_perf_array(int map_fd, std::string name, std::uint32_t max_entries,
							  std::span<const std::uint32_t> cpus,
							  std::uint32_t ring_pages = 8);

	bool empty() const;
	int fd() const;
	Result<void> consume(const EventSink &sink);

private:
	struct Source;
	EventReader();
	UniqueFd epoll_;
	std::vector<std::unique_ptr<Source>> sources_;
};

} // namespace rex::events
