/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * string_view: a bounds-checked view of characters, e.g. to compare the
 * name of the current task:
 *
 *	rex::task_comm comm = rex::get_current_comm().value_or({});
 *	if (rex::string_view(comm).starts_with("ssh"))
 *		...
 *
 * A view made from a character array ends at its first NUL (or at the end
 * of the array), so a string literal and a NUL-padded name such as
 * task_comm compare as expected.  Every access is checked: sv[i] and
 * substr panic with the caller's line when out of bounds.  The view does
 * not own the characters; clang rejects (-Werror=dangling) a view that
 * outlives the array it was made from.
 */

#include <rex/array.hpp>
#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/span.hpp>
#include <rex/types.hpp>

namespace rex {

class string_view : detail::holds_address {
public:
	/* substr(pos, npos): everything from pos on. */
	static constexpr usize npos = static_cast<usize>(-1);

	constexpr string_view() = default;

	/* A string literal or a character array, up to its first NUL. */
	template <usize N>
	constexpr string_view(const char (&text [[clang::lifetimebound]])[N]) : data_(text), size_(length(text, N))
	{
	}
	template <usize N>
	constexpr string_view(const array<char, N> &text [[clang::lifetimebound]])
		: data_(text.elements), size_(length(text.elements, N))
	{
	}
	/* All of the characters of a span, NULs included. */
	constexpr string_view(span<const char> text) : data_(text.begin()), size_(text.size()) {}

	constexpr usize size() const { return size_; }
	constexpr bool empty() const { return size_ == 0; }

	constexpr char operator[](detail::checked_index i) const
	{
		if (i.value >= size_) [[unlikely]]
			detail::panic_at("rex::string_view index out of bounds", i.where);
		return data_[i.value];
	}

	/*
	 * Up to count characters from pos (fewer if the view ends first);
	 * panics if pos is past the end.
	 */
	constexpr string_view substr(usize pos, usize count = npos,
				     source_location where = source_location::current()) const
	{
		if (pos > size_) [[unlikely]]
			detail::panic_at("rex::string_view::substr beyond the end", where);
		usize rest = size_ - pos;
		return string_view(data_ + pos, count < rest ? count : rest);
	}

	constexpr bool starts_with(string_view prefix) const
	{
		return prefix.size_ <= size_ && same(data_, prefix.data_, prefix.size_);
	}
	constexpr bool ends_with(string_view suffix) const
	{
		return suffix.size_ <= size_ && same(data_ + (size_ - suffix.size_), suffix.data_, suffix.size_);
	}

	/* The index of the first c, or nothing. */
	constexpr optional<usize> find(char c) const
	{
		for (usize i = 0; i < size_; i++)
			if (data_[i] == c)
				return i;
		return nullopt;
	}

	/* The index of the first occurrence of text (0 if text is empty), or nothing. */
	constexpr optional<usize> find(string_view text) const
	{
		if (text.size_ > size_)
			return nullopt;
		for (usize i = 0; i <= size_ - text.size_; i++)
			if (same(data_ + i, text.data_, text.size_))
				return i;
		return nullopt;
	}

	friend constexpr bool operator==(string_view a, string_view b)
	{
		return a.size_ == b.size_ && same(a.data_, b.data_, a.size_);
	}

	/* For range-for; the iterators never leave [begin, end). */
	constexpr const char *begin() const { return data_; }
	constexpr const char *end() const { return data_ + size_; }

private:
	constexpr string_view(const char *data, usize size) : data_(data), size_(size) {}

	static constexpr usize length(const char *text, usize n)
	{
		usize i = 0;
		while (i < n && text[i] != '\0')
			i++;
		return i;
	}

	static constexpr bool same(const char *a, const char *b, usize n)
	{
		for (usize i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}

	const char *data_ = nullptr;
	usize size_ = 0;
};

} // namespace rex
