/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A ring buffer that sends records to user space (BPF_MAP_TYPE_RINGBUF):
 *
 *	struct event {
 *		rex::u32 pid;
 *		rex::u64 time;
 *	};
 *	REX_MAP(events, rex::ring_buffer<64 * 1024>);
 *
 *	if (auto record = events.reserve<event>()) {
 *		record->pid = rex::current_pid();
 *		record->time = rex::ktime_get_ns();
 *		record.submit();
 *	}
 *
 * reserve() returns a record, empty when the buffer is full.  A record is
 * sent with submit() or dropped with discard(); one that goes out of scope
 * with neither is discarded, and so is one the program holds when it
 * panics (by the kernel).  After either, the record is empty: reading it
 * panics, as reading an empty optional does.
 */

#include <rex/map.hpp>
#include <rex/panic.hpp>
#include <rex/runtime.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>

namespace rex {

template <typename T>
class ringbuf_record;

/* Size bytes of records: a power of 2 and a multiple of the 4096-byte page. */
template <u32 Size>
class ring_buffer : detail::map_base {
	static_assert(Size >= 4096 && (Size & (Size - 1)) == 0,
		      "rex::ring_buffer<Size>: Size must be a power of 2 and at least 4096 (the kernel maps it "
		      "to user space page by page)");

public:
	template <usize L>
	constexpr explicit ring_buffer(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_RINGBUF, 0, 0, Size, 0)
	{
	}

	/*
	 * Room for one T, zeroed (no stale kernel bytes reach user space), or
	 * an empty record if the buffer is full.
	 */
	template <typename T>
	ringbuf_record<T> reserve() const
	{
		static_assert(is_plain_data<T>,
			      "rex::ring_buffer::reserve<T>: T must be plain data (trivially copyable, standard "
			      "layout, no pointers or references): user space reads the record as bytes");
		static_assert(sizeof(T) > 0 && sizeof(T) + BPF_RINGBUF_HDR_SZ <= Size / 2,
			      "rex::ring_buffer::reserve<T>: T does not fit the ring buffer (a record may use "
			      "at most half of it, with its 8-byte header)");
		void *sample = detail::kernel_call<detail::rex_ringbuf_reserve>(kernel_map(), u64{sizeof(T)}, u64{0});
		if (!sample)
			return ringbuf_record<T>(nullptr);
		T *record = static_cast<T *>(sample);
		__builtin_memset(record, 0, sizeof(T));
		return ringbuf_record<T>(record);
	}
};

/* One reserved record of a ring_buffer: a T, sent or dropped once. */
template <typename T>
class ringbuf_record {
public:
	ringbuf_record(ringbuf_record &&other) : sample_(other.sample_) { other.sample_ = nullptr; }
	ringbuf_record(const ringbuf_record &) = delete;
	ringbuf_record &operator=(const ringbuf_record &) = delete;
	~ringbuf_record()
	{
		if (sample_)
			detail::kernel_call<detail::rex_ringbuf_discard>(static_cast<void *>(sample_), u64{0});
	}

	/* Is there a record (reserved, not yet submitted or discarded)? */
	bool has_value() const { return sample_ != nullptr; }
	explicit operator bool() const { return sample_ != nullptr; }

	T &value(source_location where = source_location::current()) const
	{
		check(where);
		return *sample_;
	}
	T &operator*() const { return value(); }
	T *operator->() const { return &value(); }

	/* Sends the record to user space. */
	void submit(source_location where = source_location::current())
	{
		check(where);
		detail::kernel_call<detail::rex_ringbuf_submit>(static_cast<void *>(release()), u64{0});
	}

	/* Drops the record: user space never sees it. */
	void discard(source_location where = source_location::current())
	{
		check(where);
		detail::kernel_call<detail::rex_ringbuf_discard>(static_cast<void *>(release()), u64{0});
	}

private:
	template <u32 Size>
	friend class ring_buffer;
	explicit ringbuf_record(T *sample) : sample_(sample) {}

	void check(source_location where) const
	{
		if (!sample_) [[unlikely]]
			detail::panic_at("use of an empty rex::ringbuf_record (full buffer, or already submitted "
					 "or discarded)",
					 where);
	}

	T *release()
	{
		T *sample = sample_;
		sample_ = nullptr;
		return sample;
	}

	T *sample_;
};

} // namespace rex
