/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * optional<T>: a value or nothing, and optional<T&>: a reference or nothing.
 * What a map lookup or a packet read returns; reading an empty one panics
 * with the caller's source line, so test it first:
 *
 *	if (auto count = counters.lookup(0))
 *		*count += 1;
 */

#include <rex/panic.hpp>
#include <rex/types.hpp>

namespace rex {

struct nullopt_t {
	explicit constexpr nullopt_t(int) {}
};
inline constexpr nullopt_t nullopt{0};

template <typename T>
class optional {
	static_assert(__is_trivially_constructible(T, const T &) && __is_trivially_destructible(T),
		      "rex::optional<T>: T must be trivially copy-constructible and destructible "
		      "(plain values such as integers, enums, spans and plain structs)");

public:
	using value_type = T;

	constexpr optional() : empty_() {}
	constexpr optional(nullopt_t) : empty_() {}
	constexpr optional(const T &value) : value_(value), engaged_(true) {}
	constexpr optional(const optional &) = default;
	constexpr optional &operator=(const optional &)
		requires(__is_trivially_assignable(T &, const T &))
	= default;
	/* A T that holds an address is still only its bytes (detail::assigned_as_bytes). */
	optional &operator=(const optional &other)
		requires(detail::assigned_as_bytes<T>)
	{
		__builtin_memmove(static_cast<void *>(this), static_cast<const void *>(&other), sizeof(*this));
		return *this;
	}

	constexpr bool has_value() const { return engaged_; }
	constexpr explicit operator bool() const { return engaged_; }

	constexpr T &value(source_location where = source_location::current())
	{
		check(where);
		return value_;
	}
	constexpr const T &value(source_location where = source_location::current()) const
	{
		check(where);
		return value_;
	}

	constexpr T &operator*() { return value(); }
	constexpr const T &operator*() const { return value(); }
	constexpr T *operator->() { return &value(); }
	constexpr const T *operator->() const { return &value(); }

	constexpr T value_or(const T &fallback) const { return engaged_ ? value_ : fallback; }

	constexpr void reset() { engaged_ = false; }

private:
	constexpr void check(source_location where) const
	{
		if (!engaged_) [[unlikely]]
			detail::panic_at("value of an empty rex::optional", where);
	}

	union {
		char empty_;
		T value_;
	};
	bool engaged_ = false;
};

/*
 * A reference that may be absent, e.g. to a map value.  Assigning another
 * optional<T&> rebinds it; assign through *opt to change the referent.
 */
template <typename T>
class optional<T &> : detail::holds_address {
public:
	using value_type = T &;

	constexpr optional() = default;
	constexpr optional(nullopt_t) {}
	constexpr optional(T &referent [[clang::lifetimebound]]) : ptr_(&referent) {}
	/* optional<T&> converts to optional<const T&>. */
	template <typename U>
		requires(__is_same(const U, T) && !__is_same(U, T))
	constexpr optional(const optional<U &> &other)
		: ptr_(other.has_value() ? &*other : nullptr)
	{
	}

	constexpr bool has_value() const { return ptr_ != nullptr; }
	constexpr explicit operator bool() const { return ptr_ != nullptr; }

	constexpr T &value(source_location where = source_location::current()) const
	{
		if (!ptr_) [[unlikely]]
			detail::panic_at("value of an empty rex::optional", where);
		return *ptr_;
	}
	constexpr T &operator*() const { return value(); }
	constexpr T *operator->() const { return &value(); }

	/* A copy of the referent, or fallback. */
	constexpr typename detail::remove_cv<T>::type value_or(const T &fallback) const
	{
		return ptr_ ? *ptr_ : fallback;
	}

	constexpr void reset() { ptr_ = nullptr; }

private:
	T *ptr_ = nullptr;
};

} // namespace rex
