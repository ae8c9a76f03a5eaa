/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * result<T>: a value or the error that prevented it.  What the support
 * layer returns where the kernel can refuse (a full map or queue, a stack
 * that cannot be walked, a packet that cannot grow), so that failure is a
 * value the program looks at:
 *
 *	auto id = stacks.get_stackid(ctx);
 *	if (!id)
 *		return 0;                   // id.error() says why
 *	if (!counts.update(*id, 1))
 *		rex::trace("counts is full\n");
 *
 * A result is [[nodiscard]]: to ignore one on purpose, cast it to void.
 *
 * REX_TRY passes an error on to the caller in one word, inside any function
 * that itself returns a result:
 *
 *	rex::result<rex::u32> sample(rex::kprobe_ctx &ctx)
 *	{
 *		rex::u32 id = REX_TRY(stacks.get_stackid(ctx));
 *		REX_TRY(pending.push(id));
 *		return id;
 *	}
 *
 * As with optional, reading the value of a result that holds an error (or
 * the error of one that holds a value) panics with the caller's line.
 */

#include <rex/panic.hpp>
#include <rex/types.hpp>

#include <asm-generic/errno.h>

namespace rex {

/*
 * Why the kernel refused: a positive errno value (the helpers return it
 * negated).  The names cover what the support layer's helpers return;
 * any other errno still fits, as rex::error{EXDEV} and the like.
 */
enum class error : s32 {
	not_permitted = EPERM,
	no_entry = ENOENT,	/* absent key, empty queue or stack */
	too_big = E2BIG,	/* index out of range, full map */
	again = EAGAIN,
	no_memory = ENOMEM,
	fault = EFAULT,		/* memory could not be read or written */
	busy = EBUSY,
	exists = EEXIST,
	invalid = EINVAL,	/* an argument the kernel does not accept */
	no_space = ENOSPC,
	not_supported = EOPNOTSUPP,
};

/*
 * An error on its way into a result: rex::fail(e).  Needed only where the
 * value and error types are the same (result<long, long>); otherwise
 * returning the error itself builds the result.
 */
template <typename E>
struct failure {
	E error;
};

template <typename E>
constexpr failure<E> fail(E error)
{
	return failure<E>{error};
}

template <typename T, typename E = error>
class [[nodiscard]] result {
	static_assert(__is_trivially_constructible(T, const T &) && __is_trivially_destructible(T),
		      "rex::result<T, E>: T must be trivially copy-constructible and destructible "
		      "(plain values such as integers, enums, spans and plain structs)");
	static_assert(__is_trivially_copyable(E) && __is_trivially_destructible(E),
		      "rex::result<T, E>: E must be trivially copyable and destructible "
		      "(rex::error, an enum of your own, or an integer code)");
	static_assert(!__is_reference(T) && !__is_reference(E),
		      "rex::result<T, E>: T and E must be values; for a reference that may be absent "
		      "use rex::optional<T &>");

public:
	using value_type = T;
	using error_type = E;

	constexpr result(const T &value) : value_(value), ok_(true) {}
	constexpr result(const result &) = default;
	constexpr result &operator=(const result &)
		requires(__is_trivially_assignable(T &, const T &))
	= default;
	/* As optional's: a T that holds an address is still only its bytes. */
	result &operator=(const result &other)
		requires(detail::assigned_as_bytes<T>)
	{
		__builtin_memmove(static_cast<void *>(this), static_cast<const void *>(&other), sizeof(*this));
		return *this;
	}
	constexpr result(failure<E> failed) : error_(failed.error), ok_(false) {}
	/* The error itself, when it cannot be mistaken for a value. */
	template <typename F>
		requires(__is_same(F, E) && !__is_convertible(F, T))
	constexpr result(F error) : error_(error), ok_(false)
	{
	}

	constexpr bool has_value() const { return ok_; }
	constexpr explicit operator bool() const { return ok_; }

	constexpr T &value(source_location where = source_location::current())
	{
		check_value(where);
		return value_;
	}
	constexpr const T &value(source_location where = source_location::current()) const
	{
		check_value(where);
		return value_;
	}

	constexpr T &operator*() { return value(); }
	constexpr const T &operator*() const { return value(); }
	constexpr T *operator->() { return &value(); }
	constexpr const T *operator->() const { return &value(); }

	/* The error; panics if the result holds a value. */
	constexpr E error(source_location where = source_location::current()) const
	{
		if (ok_) [[unlikely]]
			detail::panic_at("error of a rex::result that holds a value", where);
		return error_;
	}

	constexpr T value_or(const T &fallback) const { return ok_ ? value_ : fallback; }

private:
	constexpr void check_value(source_location where) const
	{
		if (!ok_) [[unlikely]]
			detail::panic_at("value of a rex::result that holds an error", where);
	}

	union {
		T value_;
		E error_;
	};
	bool ok_;
};

/*
 * Success or an error, for operations that produce nothing else.
 * A default-constructed result<void> is a success: `return {};`.
 */
template <typename E>
class [[nodiscard]] result<void, E> {
	static_assert(__is_trivially_copyable(E) && __is_trivially_destructible(E),
		      "rex::result<void, E>: E must be trivially copyable and destructible "
		      "(rex::error, an enum of your own, or an integer code)");

public:
	using value_type = void;
	using error_type = E;

	constexpr result() = default;
	constexpr result(failure<E> failed) : error_(failed.error), ok_(false) {}
	constexpr result(E error) : error_(error), ok_(false) {}

	constexpr bool has_value() const { return ok_; }
	constexpr explicit operator bool() const { return ok_; }

	/* Nothing; panics if the result holds an error. */
	constexpr void value(source_location where = source_location::current()) const
	{
		if (!ok_) [[unlikely]]
			detail::panic_at("value of a rex::result that holds an error", where);
	}

	constexpr E error(source_location where = source_location::current()) const
	{
		if (ok_) [[unlikely]]
			detail::panic_at("error of a rex::result that holds a value", where);
		return error_;
	}

private:
	E error_{};
	bool ok_ = true;
};

namespace detail {

/* A helper's "0 or a negative errno" as a result. */
constexpr result<void> errno_status(long ret)
{
	if (ret < 0)
		return static_cast<error>(-ret);
	return {};
}

/* A helper's "a count or id, or a negative errno" as a result. */
template <typename T>
constexpr result<T> errno_value(long ret)
{
	if (ret < 0)
		return fail(static_cast<error>(-ret));
	return static_cast<T>(ret);
}

/* REX_TRY's two halves: the value that goes on, and the error that goes back. */
template <typename T, typename E>
[[gnu::always_inline]] constexpr T try_value(const result<T, E> &r)
{
	return r.value();
}
template <typename E>
[[gnu::always_inline]] constexpr void try_value(const result<void, E> &)
{
}

template <typename T, typename E>
[[gnu::always_inline]] constexpr failure<E> try_failure(const result<T, E> &r)
{
	return failure<E>{r.error()};
}

template <typename R>
inline constexpr bool is_result = false;
template <typename T, typename E>
inline constexpr bool is_result<result<T, E>> = true;
template <typename T, typename E>
inline constexpr bool is_result<const result<T, E>> = true;

} // namespace detail

} // namespace rex

/*
 * REX_TRY(expr): the value of the result expr, or, if it holds an error,
 * return that error from the enclosing function (which must return a
 * rex::result with the same error type).  For result<void>, a statement:
 * REX_TRY(queue.push(v));
 *
 * A GNU statement expression: in a constexpr function evaluated at compile
 * time, clang accepts it only as long as no error is returned.
 */
#define REX_TRY(...)                                                                                 \
	({                                                                                           \
		auto _rex_try_result = (__VA_ARGS__);                                                \
		static_assert(::rex::detail::is_result<decltype(_rex_try_result)>,                   \
			      "REX_TRY(expr): expr must be a rex::result (for a rex::optional, test it " \
			      "with if)");                                                           \
		if (!_rex_try_result.has_value()) [[unlikely]]                                       \
			return ::rex::detail::try_failure(_rex_try_result);                          \
		::rex::detail::try_value(_rex_try_result);                                           \
	})
