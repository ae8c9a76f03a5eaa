/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

#include <string>
#include <utility>

namespace rex {

/*
 * What went wrong: an errno-style code and a message that says which
 * operation failed ("BPF_PROG_GET_NEXT_ID after id 7").  The message names the
 * operation, not the errno: strerror() and a hint for the user are added
 * where the error is reported, which knows who is reading.
 */
class Error {
public:
	Error(int code, std::string message) : code_(code), message_(std::move(message)) {}

	/* For a failed system call: the caller passes errno before it changes. */
	static Error from_errno(int code, std::string what) { return Error(code, std::move(what)); }

	int code() const { return code_; }
	const std::string &message() const { return message_; }

private:
	int code_;
	std::string message_;
};

} // namespace rex
