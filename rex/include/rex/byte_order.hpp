/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Network byte order as types: be16, be32 and be64 are big-endian
 * integers, the way they are on the wire.
 *
 *	struct eth_header { rex::u8 dst[6], src[6]; rex::be16 proto; };
 *
 *	auto eth = rex::read_as<eth_header>(packet, 0);
 *	if (eth && eth->proto == rex::be16(0x0800))    // IPv4
 *		...
 *	ip->total_length = rex::be16(length);          // stored big-endian
 *
 * One design, not two: there are no htons()-style functions, because a
 * converted value is still a plain integer that can be converted twice or
 * not at all.  A be16 cannot be mixed with a u16: be16(host) converts a
 * host value in, host() converts it out, and be values compare only with
 * each other (be16(0x0800) folds to a constant).
 *
 * A beN is its N/8 bytes and nothing else, aligned to 1 byte: a header
 * made of u8 and beN fields has no padding and can be viewed in place at
 * any offset of a packet (view_as, span.hpp), where an IPv4 header after a
 * 14-byte Ethernet header is not 4-byte aligned.
 */

#include <rex/types.hpp>

namespace rex {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	      "rex/byte_order.hpp: Rex programs are x86-64 code, which is little endian");

namespace detail {

template <typename T>
constexpr T byte_swap(T value)
{
	if constexpr (sizeof(T) == 2)
		return __builtin_bswap16(value);
	else if constexpr (sizeof(T) == 4)
		return __builtin_bswap32(value);
	else
		return __builtin_bswap64(value);
}

} // namespace detail

/* A big-endian (network byte order) T: u16, u32 or u64. */
template <typename T>
class big_endian {
	static_assert(__is_same(T, u16) || __is_same(T, u32) || __is_same(T, u64),
		      "rex::big_endian<T>: T must be u16, u32 or u64 (use rex::be16, rex::be32, rex::be64)");

public:
	/* Zero. */
	constexpr big_endian() = default;

	/* The host value value, in network byte order. */
	constexpr explicit big_endian(T value)
		: big_endian(__builtin_bit_cast(big_endian, detail::byte_swap(value)))
	{
	}

	/* The value, in host byte order. */
	constexpr T host() const { return detail::byte_swap(__builtin_bit_cast(T, *this)); }

	friend constexpr bool operator==(const big_endian &a, const big_endian &b) = default;

private:
	u8 bytes_[sizeof(T)] = {};
};

using be16 = big_endian<u16>;
using be32 = big_endian<u32>;
using be64 = big_endian<u64>;

static_assert(sizeof(be16) == 2 && sizeof(be32) == 4 && sizeof(be64) == 8 && alignof(be32) == 1 &&
		      alignof(be64) == 1,
	      "rex::beN is exactly its bytes");
static_assert(is_plain_data<be32>, "rex::beN goes into maps and packets");

} // namespace rex
