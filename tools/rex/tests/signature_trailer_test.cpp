// SPDX-License-Identifier: GPL-2.0
#include <librex/signature_trailer.h>

#include <librex/image.h>

#include "test_data.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace rex {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text)
{
	return std::vector<std::uint8_t>(text.begin(), text.end());
}

const std::vector<std::uint8_t> content = bytes_of("ELF bytes here");
const std::vector<std::uint8_t> pkcs7 = bytes_of("PKCS7");

TEST(SignatureTrailer, MarkerIsRexs)
{
	EXPECT_EQ(signature_marker(), "~Rex signature appended~\n");
}

TEST(SignatureTrailer, LayoutIsModuleSignatureFormat)
{
	std::vector<std::uint8_t> file = append_signature(content, pkcs7);
	std::string_view marker = signature_marker();
	ASSERT_EQ(file.size(), content.size() + pkcs7.size() + 12 + marker.size());

	std::size_t info = content.size() + pkcs7.size();
	EXPECT_EQ(std::string(file.begin() + content.size(), file.begin() + info), "PKCS7");
	const std::uint8_t expected_info[12] = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 5};
	EXPECT_TRUE(std::equal(expected_info, expected_info + 12, file.begin() + info));
	EXPECT_EQ(std::string(file.end() - marker.size(), file.end()), marker);
}

TEST(SignatureTrailer, SplitRoundTrips)
{
	std::vector<std::uint8_t> file = append_signature(content, pkcs7);
	Result<SplitImage> split = split_signature(file);
	ASSERT_TRUE(split) << split.error().message();
	EXPECT_EQ(std::vector<std::uint8_t>(split.value().content.begin(), split.value().content.end()), content);
	ASSERT_TRUE(split.value().signature);
	EXPECT_EQ(std::vector<std::uint8_t>(split.value().signature->begin(), split.value().signature->end()), pkcs7);
}

TEST(SignatureTrailer, NoMarkerMeansUnsigned)
{
	Result<SplitImage> split = split_signature(content);
	ASSERT_TRUE(split);
	EXPECT_FALSE(split.value().signature);
	EXPECT_EQ(split.value().content.size(), content.size());

	Result<SplitImage> empty = split_signature({});
	ASSERT_TRUE(empty);
	EXPECT_FALSE(empty.value().signature);
}

struct TrailerCase {
	const char *name;
	std::size_t byte; /* index into the 12-byte info block */
	std::uint8_t value;
	const char *message;
};

const TrailerCase trailer_cases[] = {
	{"IdTypeX509", 2, 1, "id_type is 1, expected 2 (PKCS#7)"},
	{"AlgoSet", 0, 1, "algo, hash, signer_len and key_id_len must be 0"},
	{"HashSet", 1, 4, "algo, hash, signer_len and key_id_len must be 0"},
	{"SignerLenSet", 3, 1, "algo, hash, signer_len and key_id_len must be 0"},
	{"PadSet", 6, 1, "padding bytes are not zero"},
	{"ZeroLength", 11, 0, "signature length is 0"},
	{"LengthTooLarge", 10, 1, "signature length 261 leaves no content"},
};

class MalformedTrailer : public ::testing::TestWithParam<TrailerCase> {};

TEST_P(MalformedTrailer, IsEbadmsgWithItsReason)
{
	std::vector<std::uint8_t> file = append_signature(content, pkcs7);
	std::size_t info = content.size() + pkcs7.size();
	file[info + GetParam().byte] = GetParam().value;

	Result<SplitImage> split = split_signature(file);
	ASSERT_FALSE(split);
	EXPECT_EQ(split.error().code(), EBADMSG);
	EXPECT_NE(split.error().message().find(GetParam().message), std::string::npos) << split.error().message();
}

INSTANTIATE_TEST_SUITE_P(SignatureTrailer, MalformedTrailer, ::testing::ValuesIn(trailer_cases),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(MalformedTrailer, MarkerWithoutInfoBlock)
{
	std::vector<std::uint8_t> file = bytes_of("abc");
	std::string_view marker = signature_marker();
	file.insert(file.end(), marker.begin(), marker.end());
	Result<SplitImage> split = split_signature(file);
	ASSERT_FALSE(split);
	EXPECT_EQ(split.error().code(), EBADMSG);
	EXPECT_NE(split.error().message().find("not preceded by a signature info block"), std::string::npos);
}

TEST(MalformedTrailer, ImageParseReportsIt)
{
	std::vector<std::uint8_t> elf = testing::read_bytes(testing::test_image_path("sample_image"));
	std::vector<std::uint8_t> file = append_signature(elf, pkcs7);
	file[elf.size() + pkcs7.size() + 2] = 7;
	Result<Image> image = Image::parse(file);
	ASSERT_FALSE(image);
	EXPECT_EQ(image.error().code(), EBADMSG);
	EXPECT_EQ(image.error().message().rfind("signature trailer: ", 0), 0u) << image.error().message();
}

TEST(SignatureTrailer, ImageSplitsContentFromSignature)
{
	std::vector<std::uint8_t> elf = testing::read_bytes(testing::test_image_path("sample_image"));
	std::vector<std::uint8_t> file = append_signature(elf, pkcs7);
	Result<Image> image = Image::parse(file);
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_TRUE(image.value().is_signed());
	EXPECT_EQ(image.value().signed_content().size(), elf.size());
	EXPECT_EQ(image.value().signature().size(), pkcs7.size());
	EXPECT_EQ(image.value().file().size(), file.size());
}

} // namespace
} // namespace rex
