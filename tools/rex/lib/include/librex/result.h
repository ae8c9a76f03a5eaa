/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <librex/error.h>

#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace rex {

namespace detail {
/* Reading the value of a failed Result is a bug in the caller: stop loudly. */
[[noreturn]] void result_misuse(const char *what);
} // namespace detail

/*
 * Result<T>: either a T or an Error.  With exceptions turned off this is how
 * failure travels; [[nodiscard]] makes the caller look at it, and REX_TRY
 * below keeps passing it upwards one word long.
 */
template <typename T>
class [[nodiscard]] Result {
	static_assert(!std::is_reference_v<T>, "Result<T&> is not supported: return a pointer or a copy");
	static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is ambiguous: return Error directly");

public:
	template <typename U = T>
		requires std::constructible_from<T, U &&> &&
			 (!std::is_same_v<std::remove_cvref_t<U>, Error>) &&
			 (!std::is_same_v<std::remove_cvref_t<U>, Result>)
	Result(U &&value) : storage_(std::in_place_index<0>, std::forward<U>(value))
	{
	}

	Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}

	bool has_value() const { return storage_.index() == 0; }
	explicit operator bool() const { return has_value(); }

	T &value() &
	{
		check(true);
		return *std::get_if<0>(&storage_);
	}
	const T &value() const &
	{
		check(true);
		return *std::get_if<0>(&storage_);
	}
	T release_value() { return std::move(value()); }

	const Error &error() const
	{
		check(false);
		return *std::get_if<1>(&storage_);
	}
	Error release_error()
	{
		check(false);
		return std::move(*std::get_if<1>(&storage_));
	}

private:
	void check(bool want_value) const
	{
		if (has_value() != want_value)
			detail::result_misuse(want_value ? "value() of a failed Result" : "error() of a successful Result");
	}

	std::variant<T, Error> storage_;
};

/* Result<void>: success carries nothing. */
template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : error_(std::move(error)) {}

	bool has_value() const { return !error_.has_value(); }
	explicit operator bool() const { return has_value(); }

	void value() const
	{
		if (!has_value())
			detail::result_misuse("value() of a failed Result");
	}
	void release_value() const { value(); }

	const Error &error() const
	{
		if (has_value())
			detail::result_misuse("error() of a successful Result");
		return *error_;
	}
	Error release_error()
	{
		if (has_value())
			detail::result_misuse("error() of a successful Result");
		return std::move(*error_);
	}

private:
	std::optional<Error> error_;
};

} // namespace rex

/*
 * REX_TRY(expr): evaluate a Result; on error return it from the enclosing
 * function (whose return type must be constructible from Error), otherwise
 * the whole expression is the value.
 *
 *	UniqueFd fd = REX_TRY(bpf::prog_get_fd_by_id(id));
 *
 * A GNU statement expression, as in SerenityOS' TRY(): supported by clang and
 * gcc, and the only way to make "return on error" an expression.
 */
#define REX_TRY(expression)                                        \
	({                                                         \
		auto _rex_try_result = (expression);               \
		if (!_rex_try_result) [[unlikely]]                 \
			return _rex_try_result.release_error();    \
		_rex_try_result.release_value();                   \
	})
