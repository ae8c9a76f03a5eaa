/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * A small streaming JSON writer for --json output: compact, one document
 * built into a string, commas placed automatically.  The caller keeps the
 * nesting right (key() before every value inside an object); there is no
 * validation beyond that, because all documents come from this code base.
 */

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rex {

/* Appends s as a quoted JSON string, escaping quotes, backslash and controls. */
void json_append_string(std::string &out, std::string_view s);

class JsonWriter {
public:
	JsonWriter &begin_object() { return open('{'); }
	JsonWriter &end_object() { return close('}'); }
	JsonWriter &begin_array() { return open('['); }
	JsonWriter &end_array() { return close(']'); }

	JsonWriter &key(std::string_view name);

	JsonWriter &value(std::string_view s);
	/* Without this, a string literal would pick the bool overload. */
	JsonWriter &value(const char *s) { return value(std::string_view(s)); }
	JsonWriter &value(bool b) { return raw(b ? "true" : "false"); }
	template <std::integral I>
		requires(!std::is_same_v<I, bool>)
	JsonWriter &value(I number)
	{
		return raw(std::to_string(number));
	}
	JsonWriter &null_value() { return raw("null"); }

	/* key(name).value(v) in one call, for the common object member. */
	template <typename V>
	JsonWriter &member(std::string_view name, V &&v)
	{
		key(name);
		return value(std::forward<V>(v));
	}

	const std::string &str() const { return out_; }

private:
	JsonWriter &open(char bracket);
	JsonWriter &close(char bracket);
	JsonWriter &raw(std::string_view text);
	void separate();

	std::string out_;
	/* One entry per open array/object: has it had an element yet? */
	std::vector<bool> scope_has_elements_;
	bool after_key_ = false;
};

} // namespace rex
