// SPDX-License-Identifier: GPL-2.0
#include <librex/json_writer.h>

namespace rex {

void json_append_string(std::string &out, std::string_view s)
{
	static constexpr char hex[] = "0123456789abcdef";

	out.push_back('"');
	for (char c : s) {
		switch (c) {
		case '"':  out += "\\\""; break;
		case '\\': out += "\\\\"; break;
		case '\b': out += "\\b"; break;
		case '\f': out += "\\f"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		case '\t': out += "\\t"; break;
		default:
			/* RFC 8259: all of U+0000..U+001F must be escaped. */
			if (static_cast<unsigned char>(c) < 0x20) {
				out += "\\u00";
				out.push_back(hex[(c >> 4) & 0xf]);
				out.push_back(hex[c & 0xf]);
			} else {
				out.push_back(c);
			}
		}
	}
	out.push_back('"');
}

/* Emits the comma between siblings; a value right after its key needs none. */
void JsonWriter::separate()
{
	if (after_key_) {
		after_key_ = false;
		return;
	}
	if (scope_has_elements_.empty())
		return;
	if (scope_has_elements_.back())
		out_.push_back(',');
	scope_has_elements_.back() = true;
}

JsonWriter &JsonWriter::open(char bracket)
{
	separate();
	out_.push_back(bracket);
	scope_has_elements_.push_back(false);
	return *this;
}

JsonWriter &JsonWriter::close(char bracket)
{
	out_.push_back(bracket);
	scope_has_elements_.pop_back();
	return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
	separate();
	json_append_string(out_, name);
	out_.push_back(':');
	after_key_ = true;
	return *this;
}

JsonWriter &JsonWriter::value(std::string_view s)
{
	separate();
	json_append_string(out_, s);
	return *this;
}

JsonWriter &JsonWriter::raw(std::string_view text)
{
	separate();
	out_ += text;
	return *this;
}

} // namespace rex
