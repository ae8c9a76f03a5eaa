// SPDX-License-Identifier: GPL-2.0
#include <librex/signing.h>

#include <librex/image.h>

#include "run_process.h"
#include "test_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <unistd.h>

namespace rex {
namespace {

using testing::read_bytes;
using testing::test_cert_path;
using testing::test_der_cert_path;
using testing::test_image_path;
using testing::test_key_path;

/* Keys are loaded once: RSA key parsing is the slow part. */
class Signing : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		key_a = load_key("a");
		key_b = load_key("b");
	}
	static void TearDownTestSuite()
	{
		key_a.reset();
		key_b.reset();
	}

	static std::optional<SigningKey> load_key(std::string_view name)
	{
		Result<SigningKey> key = SigningKey::load(test_key_path(name));
		if (!key) {
			ADD_FAILURE() << key.error().message();
			return std::nullopt;
		}
		return key.release_value();
	}

	static Certificate cert(std::string_view name)
	{
		Result<Certificate> cert = Certificate::load(test_cert_path(name));
		if (!cert)
			ADD_FAILURE() << cert.error().message();
		return cert.release_value();
	}

	void SetUp() override
	{
		ASSERT_TRUE(key_a && key_b);
		unsigned_image = read_bytes(test_image_path("sample_image"));
		Result<std::vector<std::uint8_t>> signed_bytes = key_a->sign_image(unsigned_image);
		ASSERT_TRUE(signed_bytes) << signed_bytes.error().message();
		signed_image = signed_bytes.release_value();
	}

	/* The error of verifying file against certificate name; fails the test if it verifies. */
	Error verify_error(const std::vector<std::uint8_t> &file, std::string_view name = "a")
	{
		Result<SignerId> signer = cert(name).verify_image(file);
		if (signer) {
			ADD_FAILURE() << "verified";
			return Error(0, "");
		}
		return signer.release_error();
	}

	static inline std::optional<SigningKey> key_a;
	static inline std::optional<SigningKey> key_b;
	std::vector<std::uint8_t> unsigned_image;
	std::vector<std::uint8_t> signed_image;
};

TEST_F(Signing, SignThenVerifyNamesTheSigner)
{
	Result<SignerId> signer = cert("a").verify_image(signed_image);
	ASSERT_TRUE(signer) << signer.error().message();
	EXPECT_EQ(signer.value().issuer, "CN=rex test key a");
	EXPECT_EQ(signer.value().serial, key_a->id().serial);
	EXPECT_FALSE(signer.value().serial.empty());
	EXPECT_EQ(signer.value().key_id, "");
	EXPECT_EQ(signer.value().digest, "sha256");
	EXPECT_EQ(signer.value().describe(), "CN=rex test key a, serial " + key_a->id().serial);
}

TEST_F(Signing, SignedImageKeepsTheElfAsSignedContent)
{
	Result<Image> image = Image::parse(signed_image);
	ASSERT_TRUE(image) << image.error().message();
	EXPECT_TRUE(image.value().is_signed());
	Bytes content = image.value().signed_content();
	EXPECT_TRUE(std::equal(content.begin(), content.end(), unsigned_image.begin(), unsigned_image.end()));
	EXPECT_EQ(image.value().programs().size(), 2u);
}

TEST_F(Signing, VerifiesWithDerCertificateAndKeyPem)
{
	Result<Certificate> der = Certificate::load(test_der_cert_path("a"));
	ASSERT_TRUE(der) << der.error().message();
	EXPECT_TRUE(der.value().verify_image(signed_image));

	Result<Certificate> pem = Certificate::load(test_key_path("a"));
	ASSERT_TRUE(pem) << pem.error().message();
	EXPECT_TRUE(pem.value().verify_image(signed_image));
}

TEST_F(Signing, FlippedElfByteIsDigestMismatch)
{
	signed_image[200] ^= 0x01;
	Error error = verify_error(signed_image);
	EXPECT_EQ(error.code(), EKEYREJECTED);
	EXPECT_EQ(error.message().rfind("digest mismatch: the image changed after it was signed", 0), 0u)
		<< error.message();
}

TEST_F(Signing, FlippedSignatureByteIsRejected)
{
	/* The last byte of the PKCS#7 is the last byte of the RSA signature. */
	Result<Image> image = Image::parse(signed_image);
	ASSERT_TRUE(image);
	std::size_t last = image.value().signed_content().size() + image.value().signature().size() - 1;
	signed_image[last] ^= 0x01;
	Error error = verify_error(signed_image);
	EXPECT_EQ(error.code(), EKEYREJECTED);
	EXPECT_NE(error.message().find("corrupt signature"), std::string::npos) << error.message();
}

/*
 * Every byte of the PKCS#7 matters, except the tag of the NULL parameters
 * of rsaEncryption: parameters are ASN.1 ANY, and the kernel's parser does
 * not look at them either.
 */
TEST_F(Signing, AnyFlippedSignatureByteFails)
{
	Result<Image> image = Image::parse(signed_image);
	ASSERT_TRUE(image);
	Bytes pkcs7 = image.value().signature();
	const std::uint8_t rsa_encryption_null[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
	auto at = std::search(pkcs7.begin(), pkcs7.end(), std::begin(rsa_encryption_null), std::end(rsa_encryption_null));
	ASSERT_NE(at, pkcs7.end());
	std::size_t null_tag = static_cast<std::size_t>(at - pkcs7.begin()) + 9;

	std::size_t start = image.value().signed_content().size();
	for (std::size_t i = 0; i < pkcs7.size(); i++) {
		if (i == null_tag)
			continue;
		std::vector<std::uint8_t> damaged = signed_image;
		damaged[start + i] ^= 0x80;
		EXPECT_FALSE(cert("a").verify_image(damaged)) << "byte " << i << " of the PKCS#7";
	}
}

TEST_F(Signing, WrongVersionOrContentTypeIsEbadmsg)
{
	Result<Image> image = Image::parse(signed_image);
	ASSERT_TRUE(image);
	std::size_t start = image.value().signed_content().size();
	/* SignedData ::= SEQUENCE { version INTEGER (byte 25), digestAlgorithms, encapContentInfo (OID at 43) ... } */
	std::vector<std::uint8_t> version = signed_image;
	ASSERT_EQ(version[start + 25], 1);
	version[start + 25] = 2;
	EXPECT_EQ(verify_error(version).message(), "SignedData version 2 is neither 1 nor 3");

	std::vector<std::uint8_t> content_type = signed_image;
	ASSERT_EQ(content_type[start + 53], 1); /* id-data is 1.2.840.113549.1.7.1 */
	content_type[start + 53] = 9;
	EXPECT_EQ(verify_error(content_type).message(), "the signature's content type is not id-data");
}

TEST_F(Signing, OtherKeysCertificateIsSignedByAnotherKey)
{
	Error error = verify_error(signed_image, "b");
	EXPECT_EQ(error.code(), ENOKEY);
	EXPECT_EQ(error.message().rfind("signed by another key: the signer is CN=rex test key a, serial ", 0), 0u)
		<< error.message();
	EXPECT_NE(error.message().find("the certificate is CN=rex test key b"), std::string::npos);
}

TEST_F(Signing, UnsignedIsEnodata)
{
	Error error = verify_error(unsigned_image);
	EXPECT_EQ(error.code(), ENODATA);
	EXPECT_EQ(error.message(), "the image is not signed (no signature trailer)");
}

TEST_F(Signing, MalformedTrailerIsEbadmsg)
{
	std::size_t marker = signature_marker().size();
	signed_image[signed_image.size() - marker - 10] = 9; /* id_type */
	Error error = verify_error(signed_image);
	EXPECT_EQ(error.code(), EBADMSG);
	EXPECT_EQ(error.message().rfind("signature trailer: ", 0), 0u) << error.message();
}

TEST_F(Signing, GarbageSignatureIsEbadmsg)
{
	std::vector<std::uint8_t> garbage(100, 0x42);
	Error error = verify_error(append_signature(unsigned_image, garbage));
	EXPECT_EQ(error.code(), EBADMSG);
	EXPECT_EQ(error.message().rfind("the signature is not valid PKCS#7 DER", 0), 0u) << error.message();
}

TEST_F(Signing, ResigningReplacesTheTrailer)
{
	Result<std::vector<std::uint8_t>> again = key_a->sign_image(signed_image);
	ASSERT_TRUE(again) << again.error().message();
	/* RSA PKCS#1 v1.5 is deterministic: same key, same bytes. */
	EXPECT_EQ(again.value(), signed_image);

	Result<std::vector<std::uint8_t>> by_b = key_b->sign_image(signed_image);
	ASSERT_TRUE(by_b) << by_b.error().message();
	EXPECT_TRUE(cert("b").verify_image(by_b.value()));
	EXPECT_EQ(verify_error(by_b.value(), "a").code(), ENOKEY);
	Result<Image> image = Image::parse(by_b.value());
	ASSERT_TRUE(image);
	EXPECT_EQ(image.value().signed_content().size(), unsigned_image.size());
}

TEST_F(Signing, DescribeSignerReadsThePkcs7)
{
	Result<Image> image = Image::parse(signed_image);
	ASSERT_TRUE(image);
	Result<SignerId> signer = describe_signer(image.value().signature());
	ASSERT_TRUE(signer) << signer.error().message();
	EXPECT_EQ(signer.value().issuer, "CN=rex test key a");
	EXPECT_EQ(signer.value().serial, key_a->id().serial);

	std::vector<std::uint8_t> garbage(10, 0);
	EXPECT_EQ(describe_signer(garbage).error().code(), EBADMSG);
}

TEST_F(Signing, SigningRefusesADamagedTrailer)
{
	signed_image[signed_image.size() - signature_marker().size() - 1] = 0; /* sig_len low byte */
	signed_image[signed_image.size() - signature_marker().size() - 2] = 0;
	Result<std::vector<std::uint8_t>> again = key_a->sign_image(signed_image);
	ASSERT_FALSE(again);
	EXPECT_EQ(again.error().code(), EBADMSG);
}

TEST(SigningKey, MissingFileIsEnoent)
{
	Result<SigningKey> key = SigningKey::load("/nonexistent/signing_key.pem");
	ASSERT_FALSE(key);
	EXPECT_EQ(key.error().code(), ENOENT);
	EXPECT_NE(key.error().message().find("/nonexistent/signing_key.pem"), std::string::npos);
}

TEST(SigningKey, CertificateAloneIsNoKey)
{
	Result<SigningKey> key = SigningKey::load(test_cert_path("a"));
	ASSERT_FALSE(key);
	EXPECT_EQ(key.error().code(), EINVAL);
	EXPECT_NE(key.error().message().find("no usable private key"), std::string::npos) << key.error().message();
}

TEST(SigningKey, KeyMustMatchCertificate)
{
	testing::ScratchDir dir;
	std::vector<std::uint8_t> pem = read_bytes(test_key_path("a"));
	std::vector<std::uint8_t> cert_b = read_bytes(test_cert_path("b"));
	/* a's key and a's certificate follow b's certificate: the first certificate wins. */
	std::vector<std::uint8_t> mixed = cert_b;
	mixed.insert(mixed.end(), pem.begin(), pem.end());
	testing::write_bytes(dir.file("mixed.pem"), mixed);

	Result<SigningKey> key = SigningKey::load(dir.file("mixed.pem"));
	ASSERT_FALSE(key);
	EXPECT_NE(key.error().message().find("the private key does not belong to the certificate"), std::string::npos)
		<< key.error().message();
}

TEST(Certificate, NotACertificate)
{
	Result<Certificate> cert = Certificate::load(test_image_path("sample_image"));
	ASSERT_FALSE(cert);
	EXPECT_EQ(cert.error().code(), EINVAL);
	EXPECT_NE(cert.error().message().find("no X.509 certificate in it"), std::string::npos);
}

/*
 * The signature must be what the kernel's scripts/sign-file makes for a
 * module with the same key, byte for byte: that is what the kernel's
 * PKCS#7 parser is known to accept.  Needs the built kernel.
 */
TEST_F(Signing, MatchesKernelSignFile)
{
	if (access(REX_KERNEL_SIGN_FILE, X_OK) != 0 || access(REX_KERNEL_SIGNING_KEY, R_OK) != 0)
		GTEST_SKIP() << "needs the kernel build's " << REX_KERNEL_SIGN_FILE << " and " << REX_KERNEL_SIGNING_KEY;

	testing::ScratchDir dir;
	std::string module = dir.file("as_module.o");
	testing::write_bytes(module, unsigned_image);
	testing::ProcessResult r = testing::run_process(
		{REX_KERNEL_SIGN_FILE, "sha256", REX_KERNEL_SIGNING_KEY, REX_KERNEL_SIGNING_KEY, module});
	ASSERT_EQ(r.exit_code, 0) << r.err;

	std::vector<std::uint8_t> by_sign_file = read_bytes(module);
	const std::string module_marker = "~Module signature appended~\n";
	ASSERT_GT(by_sign_file.size(), unsigned_image.size() + 12 + module_marker.size());
	std::vector<std::uint8_t> module_pkcs7(by_sign_file.begin() + unsigned_image.size(),
					       by_sign_file.end() - 12 - module_marker.size());

	Result<SigningKey> kernel_key = SigningKey::load(REX_KERNEL_SIGNING_KEY);
	ASSERT_TRUE(kernel_key) << kernel_key.error().message();
	Result<std::vector<std::uint8_t>> ours = kernel_key.value().sign_image(unsigned_image);
	ASSERT_TRUE(ours);
	Result<Image> image = Image::parse(ours.value());
	ASSERT_TRUE(image);
	Bytes our_pkcs7 = image.value().signature();
	EXPECT_TRUE(std::equal(our_pkcs7.begin(), our_pkcs7.end(), module_pkcs7.begin(), module_pkcs7.end()));
}

} // namespace
} // namespace rex
