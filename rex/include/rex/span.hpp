/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * span<T>: a bounds-checked view of consecutive T, e.g. a packet.
 *
 *	span<u8> packet = ctx.packet();
 *	u8 first = packet[0];                     // panics if the packet is empty
 *	if (auto eth = read_as<ethhdr>(packet, 0)) ...  // nothing if too short
 *	if (auto ip = view_as<iphdr>(packet, 14)) ip->ttl--;  // edited in place
 *
 * Every access is checked: s[i] panics (with the caller's line) when i is
 * out of bounds; get(i), first/last/subspan's try_ forms, read_as and
 * view_as return an empty optional instead.  Nothing in the program can make a span point
 * elsewhere: only the support layer builds spans over kernel memory.
 */

#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/types.hpp>

namespace rex {

template <typename T>
class span;

namespace detail {

/* An index and the source line that used it: s[i] reports the caller. */
struct checked_index {
	usize value;
	source_location where;

	constexpr checked_index(usize i, source_location loc = source_location::current())
		: value(i), where(loc)
	{
	}
};

/* The support layer's way to view memory it knows to be valid. */
template <typename T>
constexpr span<T> make_span(T *data, usize size);

} // namespace detail

template <typename T>
class span : detail::holds_address {
public:
	using element_type = T;

	constexpr span() = default;

	/* A view of a whole array. */
	template <usize N>
	constexpr span(T (&array [[clang::lifetimebound]])[N]) : data_(array), size_(N)
	{
	}

	/* span<T> converts to span<const T>. */
	template <typename U>
		requires(__is_same(const U, T) && !__is_same(U, T))
	constexpr span(const span<U> &other) : data_(other.begin()), size_(other.size())
	{
	}

	constexpr usize size() const { return size_; }
	constexpr usize size_bytes() const { return size_ * sizeof(T); }
	constexpr bool empty() const { return size_ == 0; }

	constexpr T &operator[](detail::checked_index i) const
	{
		if (i.value >= size_) [[unlikely]]
			detail::panic_at("rex::span index out of bounds", i.where);
		return data_[i.value];
	}

	/* The element at i, or nothing when i is out of bounds. */
	constexpr optional<T &> get(usize i) const
	{
		if (i >= size_)
			return nullopt;
		return data_[i];
	}

	/* The first/last count elements; panics if there are fewer. */
	constexpr span first(usize count, source_location where = source_location::current()) const
	{
		return subspan(0, count, where);
	}
	constexpr span last(usize count, source_location where = source_location::current()) const
	{
		if (count > size_) [[unlikely]]
			detail::panic_at("rex::span::last beyond the end", where);
		return span(data_ + (size_ - count), count);
	}

	/* count elements from offset; panics unless they are all inside. */
	constexpr span subspan(usize offset, usize count,
			       source_location where = source_location::current()) const
	{
		if (!fits(offset, count)) [[unlikely]]
			detail::panic_at("rex::span::subspan beyond the end", where);
		return span(data_ + offset, count);
	}
	/* Everything from offset on; panics if offset is past the end. */
	constexpr span subspan(usize offset, source_location where = source_location::current()) const
	{
		if (offset > size_) [[unlikely]]
			detail::panic_at("rex::span::subspan beyond the end", where);
		return span(data_ + offset, size_ - offset);
	}

	/* As subspan, but nothing instead of a panic. */
	constexpr optional<span> try_subspan(usize offset, usize count) const
	{
		if (!fits(offset, count))
			return nullopt;
		return span(data_ + offset, count);
	}

	/* For range-for; the iterators never leave [begin, end). */
	constexpr T *begin() const { return data_; }
	constexpr T *end() const { return data_ + size_; }

private:
	template <typename U>
	friend constexpr span<U> detail::make_span(U *data, usize size);

	constexpr span(T *data, usize size) : data_(data), size_(size) {}

	/* offset + count <= size_, written so that it cannot overflow. */
	constexpr bool fits(usize offset, usize count) const
	{
		return offset <= size_ && count <= size_ - offset;
	}

	T *data_ = nullptr;
	usize size_ = 0;
};

template <typename T, usize N>
span(T (&)[N]) -> span<T>;

template <typename T>
constexpr span<T> detail::make_span(T *data, usize size)
{
	return span<T>(data, size);
}

namespace detail {

/* T, const if Byte is: what a view of a span<Byte> may do to it. */
template <typename Byte, typename T>
struct viewed {
	using type = T;
};
template <typename Byte, typename T>
struct viewed<const Byte, T> {
	using type = const T;
};

} // namespace detail

/*
 * A copy of the plain-data T stored at byte offset in bytes, or nothing if
 * it does not fit.  Copied, not viewed in place, so alignment never matters.
 */
template <typename T, typename Byte>
inline optional<T> read_as(span<Byte> bytes, usize offset)
{
	static_assert(is_plain_data<T>,
		      "rex::read_as<T>: T must be plain data (trivially copyable, standard layout, "
		      "no pointers): it is made from raw bytes");
	static_assert(__is_same(typename detail::remove_cv<Byte>::type, u8),
		      "rex::read_as<T>: reads from a span of bytes (span<u8> or span<const u8>)");
	auto window = bytes.try_subspan(offset, sizeof(T));
	if (!window)
		return nullopt;
	T value;
	__builtin_memcpy(&value, window->begin(), sizeof(T));
	return value;
}

/*
 * The plain-data T stored at byte offset in bytes, in place: writing
 * through the reference changes the bytes (a packet header rewritten
 * where it is), and a span<const u8> gives a const T.  Nothing if T does
 * not fit, or if its address there is not a multiple of alignof(T): a
 * misaligned reference is undefined behaviour.  Headers of u8, arrays of
 * u8 and be16/be32/be64 (byte_order.hpp) have alignment 1 and can be
 * viewed at any offset; otherwise, or to read a copy, use read_as.
 */
template <typename T, typename Byte>
inline optional<typename detail::viewed<Byte, T>::type &> view_as(span<Byte> bytes, usize offset)
{
	static_assert(is_plain_data<T>,
		      "rex::view_as<T>: T must be plain data (trivially copyable, standard layout, "
		      "no pointers): it is made of raw bytes");
	static_assert(__is_same(typename detail::remove_cv<Byte>::type, u8),
		      "rex::view_as<T>: views a span of bytes (span<u8> or span<const u8>)");
	auto window = bytes.try_subspan(offset, sizeof(T));
	if (!window)
		return nullopt;
	u64 address = reinterpret_cast<u64>(window->begin());
	if (address % alignof(T) != 0)
		return nullopt;
	return *reinterpret_cast<typename detail::viewed<Byte, T>::type *>(address);
}

} // namespace rex
