/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The integer vocabulary of Rex programs, and what "plain data" means.
 *
 * The support layer is freestanding: no standard library, so the types come
 * from the compiler's predefined macros and the traits from its builtins.
 */

namespace rex {

using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using usize = __SIZE_TYPE__;

static_assert(sizeof(u64) == 8 && sizeof(usize) == 8, "Rex programs are x86-64 code");

namespace detail {

/*
 * Base of the support layer's classes that hold an address (span,
 * string_view, optional<T &>, the program contexts, source_location,
 * ...).  Its copy assignment is user-provided, so they, and every type
 * that contains one, are not trivially copyable, hence not plain data:
 * no program reads one out of a packet or a map, or bit-casts one, into
 * existence.  The copy constructor stays trivial, so they are still
 * passed in registers.
 */
struct holds_address {
	holds_address() = default;
	holds_address(const holds_address &) = default;
	constexpr holds_address &operator=(const holds_address &) { return *this; }
};

/*
 * A holds_address type is not trivially assignable by design, but is still
 * only its bytes: optional<T> and result<T> of one assign it as bytes.
 */
template <typename T>
concept assigned_as_bytes = !__is_trivially_assignable(T &, const T &) && __is_base_of(holds_address, T);

} // namespace detail

/*
 * Plain data: a value that is nothing but its bytes, so copying it byte by
 * byte (into a map, out of a packet, from kernel memory) is all it takes.
 * Pointers are not plain data: an address means nothing outside the run
 * that took it.  Pointer members of classes cannot be seen without
 * reflection, so: the support layer's classes that hold one derive from
 * detail::holds_address; rex-check rejects them in the program's own
 * types; and a type must be trivially copy-assignable, which a closure
 * (whose captures may be references) and a struct with a reference member
 * are not.
 */
template <typename T>
inline constexpr bool is_plain_data = __is_trivially_copyable(T) && __is_standard_layout(T) &&
				      __is_trivially_assignable(__remove_all_extents(T) &,
							       const __remove_all_extents(T) &) &&
				      !__is_pointer(T) && !__is_member_pointer(T) &&
				      !__is_reference(T);

template <typename T>
concept plain_data = is_plain_data<T>;

namespace detail {

template <typename T>
struct type_identity {
	using type = T;
};
template <typename T>
using type_identity_t = typename type_identity<T>::type;

template <typename T>
struct remove_cv {
	using type = T;
};
template <typename T>
struct remove_cv<const T> {
	using type = T;
};
template <typename T>
struct remove_cv<volatile T> {
	using type = T;
};
template <typename T>
struct remove_cv<const volatile T> {
	using type = T;
};

/* An integer (not bool) or an enumeration: what converts to a u64 cleanly. */
template <typename T>
inline constexpr bool is_integer_like = (__is_integral(T) && !__is_same(typename remove_cv<T>::type, bool)) ||
					__is_enum(T);

/* The value of an integer or enumeration as a u64 (sign-extended). */
template <typename T>
constexpr u64 to_u64(T value)
{
	if constexpr (__is_enum(T))
		return static_cast<u64>(static_cast<__underlying_type(T)>(value));
	else
		return static_cast<u64>(value);
}

} // namespace detail

} // namespace rex
