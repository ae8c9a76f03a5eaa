// SPDX-License-Identifier: GPL-2.0
/*
 * Image::parse reads files nobody vouched for (rex inspect and rex load run
 * it before the kernel sees anything).  This binary is built with
 * AddressSanitizer and UndefinedBehaviorSanitizer, and hands the parser
 * thousands of randomly damaged copies of the test images, unsigned and
 * with a signature trailer.  Each copy is its own allocation of exactly its
 * length, so a read past it stops the test with a sanitizer report; every
 * copy must parse or be refused with the documented errno and a message.
 * The seed is fixed: a failure names the round and reproduces.
 */
#include <librex/image.h>
#include <librex/signature_trailer.h>

#include "test_data.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace rex {
namespace {

constexpr unsigned rounds = 20000;
constexpr unsigned max_edits = 6;

/* Values at the edges of what the parser's range checks compare against. */
std::uint64_t edge_value(std::mt19937_64 &rng, std::size_t len)
{
	static constexpr std::uint64_t edges[] = {
		0,          1,          2,           7,           8,
		0x40,       0x7f,       0x80,        0xff,        0x100,
		0xfff,      0x1000,     0xffff,      0x10000,     0x7fffffff,
		0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff,
		0x8000000000000000,     ~0ULL,
	};
	std::uint64_t r = rng();

	switch (r % 4) {
	case 0:
		return edges[(r >> 2) % std::size(edges)];
	case 1: /* offsets and sizes that just fit, or just do not */
		return len + (r >> 2) % 33 - 16;
	default:
		return rng();
	}
}

/* A few edits: a flipped bit, a byte, a field set to an edge value, a cut. */
std::vector<std::uint8_t> damage(std::mt19937_64 &rng, std::vector<std::uint8_t> bytes)
{
	unsigned edits = 1 + rng() % max_edits;

	for (unsigned i = 0; i < edits && !bytes.empty(); i++) {
		std::uint64_t r = rng();
		std::size_t off = rng() % bytes.size();
		std::size_t width = std::size_t{1} << (r >> 4) % 4;

		switch (r % 8) {
		case 0:
			bytes[off] ^= static_cast<std::uint8_t>(1u << (r >> 8) % 8);
			break;
		case 1:
			bytes[off] = static_cast<std::uint8_t>(r >> 8);
			break;
		case 2: /* rarely: cut short */
			if ((r & 0x300) == 0)
				bytes.resize(off);
			break;
		default: {
			off -= off % width;
			if (off + width > bytes.size())
				break;
			std::uint64_t v = edge_value(rng, bytes.size());
			std::memcpy(bytes.data() + off, &v, width); /* little-endian: the low bytes */
			break;
		}
		}
	}
	return bytes;
}

struct Outcome {
	unsigned parsed = 0, refused = 0;
	std::set<int> errnos;
};

/*
 * Every damaged copy parses or is refused with ENOEXEC/EBADMSG and a
 * message.  The first @keep bytes of @seed are left as they are.
 */
Outcome fuzz(const std::vector<std::uint8_t> &seed, std::uint64_t seed_value, std::size_t keep = 0)
{
	std::mt19937_64 rng(seed_value);
	const std::vector<std::uint8_t> tail(seed.begin() + keep, seed.end());
	Outcome out;

	for (unsigned round = 0; round < rounds; round++) {
		std::vector<std::uint8_t> damaged = damage(rng, tail);
		/* exactly its length: no spare capacity for an overread to land in */
		std::vector<std::uint8_t> exact(seed.begin(), seed.begin() + keep);
		exact.insert(exact.end(), damaged.begin(), damaged.end());
		exact.shrink_to_fit();

		Result<Image> image = Image::parse(std::move(exact));
		if (image) {
			out.parsed++;
			/* what rex inspect reads back */
			for (const ProgramDesc &p : image.value().programs())
				EXPECT_LE(p.name.size(), 16u) << "round " << round;
			continue;
		}
		out.refused++;
		out.errnos.insert(image.error().code());
		EXPECT_TRUE(image.error().code() == ENOEXEC || image.error().code() == EBADMSG)
			<< "round " << round << ": errno " << image.error().code() << ": "
			<< image.error().message();
		EXPECT_FALSE(image.error().message().empty()) << "round " << round;
	}
	return out;
}

/* The damage reaches the checks: at least @min_refused copies are refused, some parse. */
void expect_reached_the_checks(const Outcome &out, unsigned min_refused)
{
	EXPECT_GT(out.refused, min_refused);
	EXPECT_GT(out.parsed, 0u);
	std::string errnos;
	for (int e : out.errnos)
		errnos += (errnos.empty() ? "" : ",") + std::to_string(e);
	::testing::Test::RecordProperty("parsed", static_cast<int>(out.parsed));
	::testing::Test::RecordProperty("refused", static_cast<int>(out.refused));
	::testing::Test::RecordProperty("errnos", errnos);
	std::printf("%u damaged copies: %u parsed, %u refused (errnos %s)\n", rounds, out.parsed,
		    out.refused, errnos.c_str());
}

TEST(ImageFuzz, DamagedSampleImagesAreRefusedOrParsed)
{
	std::vector<std::uint8_t> seed = testing::read_bytes(testing::test_image_path("sample_image"));
	ASSERT_TRUE(Image::parse(seed)) << "the undamaged image must parse";
	expect_reached_the_checks(fuzz(seed, 0x5265784655ULL), rounds / 4);
}

TEST(ImageFuzz, DamagedMinimalImagesAreRefusedOrParsed)
{
	std::vector<std::uint8_t> seed = testing::read_bytes(testing::test_image_path("minimal_image"));
	ASSERT_TRUE(Image::parse(seed)) << "the undamaged image must parse";
	expect_reached_the_checks(fuzz(seed, 0x5265784656ULL), rounds / 4);
}

TEST(ImageFuzz, DamagedSignatureTrailersAreRefusedOrParsed)
{
	std::vector<std::uint8_t> elf = testing::read_bytes(testing::test_image_path("minimal_image"));
	const std::uint8_t pkcs7[16] = { 0x30, 0x0e }; /* parsed as bytes, never verified here */
	std::vector<std::uint8_t> seed = append_signature(elf, pkcs7);
	ASSERT_TRUE(Image::parse(seed)) << "the undamaged image must parse";

	/* damage only the trailer: the ELF's own damage is covered above */
	Outcome out = fuzz(seed, 0x5265784657ULL, elf.size());
	/*
	 * Fewer are refused: damage inside the PKCS#7 is the kernel's to find,
	 * and a damaged marker leaves an unsigned image with bytes after it.
	 */
	expect_reached_the_checks(out, rounds / 20);
}

} // namespace
} // namespace rex
