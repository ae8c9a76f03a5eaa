// SPDX-License-Identifier: GPL-2.0
#include "test_data.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace rex::testing {

std::string test_image_path(std::string_view name)
{
	return std::string(REX_TEST_IMAGE_DIR) + "/" + std::string(name) + ".rex";
}

std::string test_key_path(std::string_view name)
{
	return std::string(REX_TEST_KEY_DIR) + "/" + std::string(name) + ".pem";
}

std::string test_cert_path(std::string_view name)
{
	return std::string(REX_TEST_KEY_DIR) + "/" + std::string(name) + ".crt";
}

std::string test_der_cert_path(std::string_view name)
{
	return std::string(REX_TEST_KEY_DIR) + "/" + std::string(name) + ".der";
}

std::string check_corpus_text(std::string_view name)
{
	std::vector<std::uint8_t> bytes = read_bytes(std::string(REX_CHECK_CORPUS_DIR) + "/" + std::string(name));
	return std::string(bytes.begin(), bytes.end());
}

std::vector<std::uint8_t> read_bytes(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	EXPECT_TRUE(in.good()) << "cannot read " << path;
	return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string &path, const std::vector<std::uint8_t> &bytes)
{
	std::ofstream out(path, std::ios::binary | std::ios::trunc);
	out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
	EXPECT_TRUE(out.good()) << "cannot write " << path;
}

ScratchDir::ScratchDir()
{
	char pattern[] = "/tmp/rex-test-XXXXXX";
	const char *dir = mkdtemp(pattern);
	EXPECT_NE(dir, nullptr);
	path_ = dir ? dir : "/tmp";
}

ScratchDir::~ScratchDir()
{
	if (path_ != "/tmp") {
		std::error_code ignored;
		std::filesystem::remove_all(path_, ignored);
	}
}

} // namespace rex::testing
