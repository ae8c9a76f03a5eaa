/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The data the image and signing tests share: test images compiled from
 * images/<name>.c, throwaway keys (cmake/test-data.cmake), scratch directories.
 */

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rex::testing {

/* images/<name>.c compiled: "sample_image", "minimal_image". */
std::string test_image_path(std::string_view name);
/* keys/<name>.pem (key + cert), .crt (cert, PEM), .der (cert, DER): "a", "b". */
std::string test_key_path(std::string_view name);
std::string test_cert_path(std::string_view name);
std::string test_der_cert_path(std::string_view name);

/* The whole file; fails the test (and returns empty) if it cannot be read. */
std::vector<std::uint8_t> read_bytes(const std::string &path);
void write_bytes(const std::string &path, const std::vector<std::uint8_t> &bytes);

/* Sets, or with null unsets, a variable of the environment rex runs in, for one
 * test (or one call): restored when it goes out of scope. */
class ScopedEnv {
public:
	ScopedEnv(const char *name, const char *value) : name_(name)
	{
		if (const char *old = std::getenv(name))
			saved_ = old;
		if (value)
			setenv(name, value, 1);
		else
			unsetenv(name);
	}
	~ScopedEnv()
	{
		if (saved_)
			setenv(name_, saved_->c_str(), 1);
		else
			unsetenv(name_);
	}
	ScopedEnv(const ScopedEnv &) = delete;
	ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
	const char *name_;
	std::optional<std::string> saved_;
};

/* The text of the rex-check corpus file check/<name> ("safe/array_index.cpp"). */
std::string check_corpus_text(std::string_view name);

/* A fresh directory under /tmp, removed with everything in it. */
class ScratchDir {
public:
	ScratchDir();
	~ScratchDir();
	ScratchDir(const ScratchDir &) = delete;
	ScratchDir &operator=(const ScratchDir &) = delete;

	const std::string &path() const { return path_; }
	std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

private:
	std::string path_;
};

} // namespace rex::testing
