// SPDX-License-Identifier: GPL-2.0
/* rex sign, verify, inspect and load, run as a user runs them. */
#include "run_process.h"
#include "test_data.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace rex::testing {
namespace {

ProcessResult rex(std::vector<std::string> args)
{
	args.insert(args.begin(), REX_BINARY_PATH);
	return run_process(args);
}

class ImageCli : public ::testing::Test {
protected:
	void SetUp() override
	{
		image = dir.file("prog.rex");
		write_bytes(image, read_bytes(test_image_path("sample_image")));
	}

	ScratchDir dir;
	std::string image;
};

TEST_F(ImageCli, SignInPlaceThenVerify)
{
	ProcessResult sign = rex({"sign", image, "--key", test_key_path("a")});
	EXPECT_EQ(sign.exit_code, 0) << sign.err;
	EXPECT_EQ(sign.out.rfind("signed " + image + " with CN=rex test key a, serial ", 0), 0u) << sign.out;
	EXPECT_EQ(sign.err, "");

	ProcessResult verify = rex({"verify", image, "--cert", test_cert_path("a")});
	EXPECT_EQ(verify.exit_code, 0) << verify.err;
	EXPECT_EQ(verify.out.rfind("signer: CN=rex test key a, serial ", 0), 0u) << verify.out;
	EXPECT_NE(verify.out.find(" (sha256)\nsignature OK\n"), std::string::npos) << verify.out;
	EXPECT_EQ(verify.err, "");
}

TEST_F(ImageCli, SignToOutputLeavesInputAlone)
{
	std::vector<std::uint8_t> before = read_bytes(image);
	std::string out = dir.file("signed.rex");
	ProcessResult sign = rex({"sign", image, "-o", out, "--key", test_key_path("a")});
	ASSERT_EQ(sign.exit_code, 0) << sign.err;
	EXPECT_EQ(read_bytes(image), before);
	EXPECT_GT(read_bytes(out).size(), before.size());
	EXPECT_EQ(rex({"verify", out, "--cert", test_der_cert_path("a")}).exit_code, 0);
}

TEST_F(ImageCli, SignUsesKeyFromEnvironment)
{
	setenv("REX_SIGNING_KEY", test_key_path("b").c_str(), 1);
	ProcessResult sign = rex({"sign", image});
	ProcessResult verify = rex({"verify", image}); /* the cert comes from the same variable */
	unsetenv("REX_SIGNING_KEY");
	EXPECT_EQ(sign.exit_code, 0) << sign.err;
	EXPECT_NE(sign.out.find("CN=rex test key b"), std::string::npos) << sign.out;
	EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST_F(ImageCli, SignWithMissingKeySaysWhereItLooked)
{
	ProcessResult sign = rex({"sign", image, "--key", dir.file("none.pem")});
	EXPECT_EQ(sign.exit_code, 1);
	EXPECT_EQ(sign.out, "");
	EXPECT_EQ(sign.err.rfind("rex sign: opening " + dir.file("none.pem") + ": No such file or directory (from --key;", 0),
		  0u)
		<< sign.err;
}

TEST_F(ImageCli, VerifyUnsignedFails)
{
	ProcessResult verify = rex({"verify", image, "--cert", test_cert_path("a")});
	EXPECT_EQ(verify.exit_code, 1);
	EXPECT_EQ(verify.out, "");
	EXPECT_EQ(verify.err, "rex verify: " + image +
				      ": the image is not signed (no signature trailer): No data available "
				      "(sign it with 'rex sign')\n");
}

TEST_F(ImageCli, VerifyWithAnotherKeyFails)
{
	ASSERT_EQ(rex({"sign", image, "--key", test_key_path("a")}).exit_code, 0);
	ProcessResult verify = rex({"verify", image, "--cert", test_cert_path("b")});
	EXPECT_EQ(verify.exit_code, 1);
	EXPECT_NE(verify.out.find("signer: CN=rex test key a"), std::string::npos) << verify.out;
	EXPECT_EQ(verify.err.rfind("rex verify: " + image + ": signed by another key: ", 0), 0u) << verify.err;
}

TEST_F(ImageCli, VerifyTamperedFails)
{
	ASSERT_EQ(rex({"sign", image, "--key", test_key_path("a")}).exit_code, 0);
	std::vector<std::uint8_t> bytes = read_bytes(image);
	bytes[100] ^= 0xff;
	write_bytes(image, bytes);
	ProcessResult verify = rex({"verify", image, "--cert", test_cert_path("a")});
	EXPECT_EQ(verify.exit_code, 1);
	EXPECT_EQ(verify.err.rfind("rex verify: " + image + ": digest mismatch: ", 0), 0u) << verify.err;
}

TEST_F(ImageCli, InspectJsonAndText)
{
	ProcessResult json = rex({"inspect", "--json", image});
	EXPECT_EQ(json.exit_code, 0) << json.err;
	EXPECT_EQ(json.out.rfind("{\"file\":\"" + image + "\",\"size\":", 0), 0u) << json.out;
	EXPECT_NE(json.out.find("\"signer\":null}\n"), std::string::npos) << json.out;

	ProcessResult text = rex({"inspect", image});
	EXPECT_EQ(text.exit_code, 0) << text.err;
	EXPECT_NE(text.out.find("Signer:        unsigned"), std::string::npos) << text.out;
}

TEST_F(ImageCli, InspectNotAnImage)
{
	std::string junk = dir.file("junk");
	write_bytes(junk, std::vector<std::uint8_t>(100, 'x'));
	ProcessResult r = rex({"inspect", junk});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "rex inspect: " + junk +
				 ": ELF header: bad magic, not an ELF file: Exec format error "
				 "(not a Rex image: build it with rex build)\n");
}

TEST_F(ImageCli, LoadUsageAndMissingFile)
{
	EXPECT_EQ(rex({"load"}).exit_code, 2);
	EXPECT_EQ(rex({"load", image, "--pin"}).exit_code, 2);
	ProcessResult missing = rex({"load", dir.file("none.rex")});
	EXPECT_EQ(missing.exit_code, 1);
	EXPECT_EQ(missing.err.rfind("rex load: opening ", 0), 0u) << missing.err;
}

TEST_F(ImageCli, LoadUnknownProgramFailsBeforeTheKernel)
{
	ProcessResult r = rex({"load", image, "--prog", "nope"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err.rfind("rex load: no program named 'nope' in the image (it has count_open, xdp_pass): ENOENT", 0),
		  0u)
		<< r.err;
}

} // namespace
} // namespace rex::testing
