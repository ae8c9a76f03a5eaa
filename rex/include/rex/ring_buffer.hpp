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
 *
 * submit() and discard() take effect when the record goes out of scope, not
 * at the call.  A reference taken from the record (event &e = *record) can
 * be written after the call, and it cannot outlive the record (which is
 * never moved), so none is left when the kernel gets the record.  Handed over at
 * the call, the memory would be the consumer's while the reference still
 * wrote to it, and once the ring wrapped, a write could land on a later
 * record's header.  So user space reads what the record holds at the end
 * of its scope, and a panic before then drops it, submitted or not.
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

/*
 * One reserved record of a ring_buffer: a T, sent or dropped once.  It is
 * neither copied nor moved (reserve() returns it by guaranteed elision), so
 * it lives exactly as long as the variable it was reserved into, and a
 * reference taken from it cannot outlive it by the record moving to a
 * shorter scope.
 */
template <typename T>
class ringbuf_record {
public:
	ringbuf_record(const ringbuf_record &) = delete;
	ringbuf_record &operator=(const ringbuf_record &) = delete;

	/* The record goes to the kernel here: sent if submit() was called. */
	~ringbuf_record()
	{
		if (!sample_)
			return;
		if (state_ == state::submitted)
			detail::kernel_call<detail::rex_ringbuf_submit>(static_cast<void *>(sample_), u64{0});
		else
			detail::kernel_call<detail::rex_ringbuf_discard>(static_cast<void *>(sample_), u64{0});
	}

	/* Is there a record (reserved, not yet submitted or discarded)? */
	bool has_value() const { return sample_ != nullptr && state_ == state::open; }
	explicit operator bool() const { return has_value(); }

	/* lifetimebound: returning one of these from the record's function is a compile error */
	T &value(source_location where = source_location::current()) const [[clang::lifetimebound]]
	{
		check(where);
		return *sample_;
	}
	T &operator*() const [[clang::lifetimebound]] { return value(); }
	T *operator->() const [[clang::lifetimebound]] { return &value(); }

	/* Sends the record to user space at the end of its scope. */
	void submit(source_location where = source_location::current())
	{
		check(where);
		state_ = state::submitted;
	}

	/* Drops the record at the end of its scope: user space never sees it. */
	void discard(source_location where = source_location::current())
	{
		check(where);
		state_ = state::discarded;
	}

private:
	template <u32 Size>
	friend class ring_buffer;
	explicit ringbuf_record(T *sample) : sample_(sample) {}

	enum class state : u8 { open, submitted, discarded };

	void check(source_location where) const
	{
		if (!has_value()) [[unlikely]]
			detail::panic_at("use of an empty rex::ringbuf_record (full buffer, or already submitted "
					 "or discarded)",
					 where);
	}

	T *sample_;
	state state_ = state::open;
};

} // namespace rex
