/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The data the image and signing tests share: test images compiled from
 * images/<name>.c, throwaway keys (cmake/test-data.cmake), scratch directories.
 */

#include <cstdint>
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
