// SPDX-License-Identifier: GPL-2.0
#include "key_lookup.h"

#include "build_info.h"

#include <gtest/gtest.h>

namespace rex::cli {
namespace {

const std::string kernel_key(build_info::default_signing_key);

TEST(SigningKeyLocation, OptionBeatsEnvironmentBeatsKernelBuild)
{
	EXPECT_EQ(signing_key_location(std::string("opt.pem"), "env.pem").path, "opt.pem");
	EXPECT_EQ(signing_key_location(std::string("opt.pem"), "env.pem").source, "--key");
	EXPECT_EQ(signing_key_location(std::nullopt, "env.pem").path, "env.pem");
	EXPECT_EQ(signing_key_location(std::nullopt, "env.pem").source, "$REX_SIGNING_KEY");
	EXPECT_EQ(signing_key_location(std::nullopt, nullptr).path, kernel_key);
	EXPECT_EQ(signing_key_location(std::nullopt, "").path, kernel_key);
}

TEST(SigningKeyLocation, DefaultIsTheKernelBuildsKey)
{
	EXPECT_TRUE(kernel_key.ends_with("/certs/signing_key.pem")) << kernel_key;
	EXPECT_EQ(kernel_key[0], '/');
}

TEST(CertificateLocation, Order)
{
	EXPECT_EQ(certificate_location(std::string("c.pem"), "e.crt", "k.pem").path, "c.pem");
	EXPECT_EQ(certificate_location(std::nullopt, "e.crt", "k.pem").path, "e.crt");
	EXPECT_EQ(certificate_location(std::nullopt, nullptr, "k.pem").path, "k.pem");
	EXPECT_EQ(certificate_location(std::nullopt, nullptr, nullptr).path, kernel_key);
}

TEST(KeyHint, SaysWhereTheKeyCameFrom)
{
	EXPECT_NE(key_hint(signing_key_location(std::nullopt, "env.pem"), "--key").find("from $REX_SIGNING_KEY"),
		  std::string::npos);
	EXPECT_NE(key_hint(signing_key_location(std::nullopt, nullptr), "--key").find("pass --key PEM"),
		  std::string::npos);
}

} // namespace
} // namespace rex::cli
