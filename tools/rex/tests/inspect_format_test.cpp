// SPDX-License-Identifier: GPL-2.0
#include "inspect_command.h"

#include "test_data.h"

#include <librex/signing.h>

#include <gtest/gtest.h>

namespace rex::cli {
namespace {

Image open_image(std::string_view name)
{
	Result<Image> image = Image::open(testing::test_image_path(name));
	if (!image)
		ADD_FAILURE() << image.error().message();
	return image.release_value();
}

Image signed_sample()
{
	Result<SigningKey> key = SigningKey::load(testing::test_key_path("a"));
	if (!key)
		ADD_FAILURE() << key.error().message();
	Result<std::vector<std::uint8_t>> bytes =
		key.value().sign_image(testing::read_bytes(testing::test_image_path("sample_image")));
	return Image::parse(bytes.release_value()).release_value();
}

TEST(InspectText, SampleImage)
{
	Image image = open_image("sample_image");
	EXPECT_EQ(format_inspect_text("sample.rex", image),
		  "sample.rex: " + std::to_string(image.file().size()) + " bytes, unsigned\n"
		  "\n"
		  "Programs:\n"
		  "NAME        TYPE    ATTACH_TYPE  TARGET          ENTRY       DEFAULT_RET\n"
		  "count_open  kprobe  -            do_sys_openat2  count_open           -7\n"
		  "xdp_pass    xdp     -            -               xdp_entry      per type\n"
		  "\n"
		  "Maps:\n"
		  "NAME    TYPE     KEY  VALUE  MAX_ENTRIES  FLAGS  SPIN_LOCK\n"
		  "counts  hash       4      8         1024    0x1  no\n"
		  "events  ringbuf    0      0         4096    0x0  no\n"
		  "\n"
		  "Imports:\n"
		  "  bpf_map_lookup_elem\n"
		  "  bpf_trace_printk\n"
		  "  rex_panic\n"
		  "\n"
		  "Stack:         512 bytes\n"
		  "Toolchain:     rex-test clang 19\n"
		  "Source digest: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eff\n"
		  "Signer:        unsigned\n");
}

TEST(InspectText, MinimalImage)
{
	std::string text = format_inspect_text("m.rex", open_image("minimal_image"));
	EXPECT_NE(text.find("trace_openat  tracepoint  -            syscalls/sys_enter_openat  on_openat"),
		  std::string::npos)
		<< text;
	EXPECT_NE(text.find("\nMaps: none\n"), std::string::npos) << text;
	EXPECT_NE(text.find("\nImports: none\n"), std::string::npos) << text;
	EXPECT_NE(text.find("\nStack:         dynamic checks\n"), std::string::npos) << text;
}

TEST(InspectText, SignedImageShowsSigner)
{
	std::string text = format_inspect_text("s.rex", signed_sample());
	EXPECT_NE(text.find(" bytes, signed\n"), std::string::npos) << text;
	EXPECT_NE(text.find("\nSigner:        CN=rex test key a, serial "), std::string::npos) << text;
	EXPECT_NE(text.find(" (sha256, not verified)\n"), std::string::npos) << text;
}

TEST(InspectJson, SampleImage)
{
	Image image = open_image("sample_image");
	EXPECT_EQ(format_inspect_json("sample.rex", image),
		  "{\"file\":\"sample.rex\",\"size\":" + std::to_string(image.file().size()) +
			  ",\"signed\":false,"
			  "\"programs\":["
			  "{\"name\":\"count_open\",\"type\":\"kprobe\",\"expected_attach_type\":null,"
			  "\"attach_target\":\"do_sys_openat2\",\"entry\":\"count_open\",\"default_ret\":-7,"
			  "\"keep_running\":false},"
			  "{\"name\":\"xdp_pass\",\"type\":\"xdp\",\"expected_attach_type\":null,"
			  "\"attach_target\":null,\"entry\":\"xdp_entry\",\"default_ret\":null,"
			  "\"keep_running\":true}],"
			  "\"maps\":["
			  "{\"name\":\"counts\",\"type\":\"hash\",\"key_size\":4,\"value_size\":8,"
			  "\"max_entries\":1024,\"flags\":1,\"spin_lock\":false},"
			  "{\"name\":\"events\",\"type\":\"ringbuf\",\"key_size\":0,\"value_size\":0,"
			  "\"max_entries\":4096,\"flags\":0,\"spin_lock\":false}],"
			  "\"imports\":[\"bpf_map_lookup_elem\",\"bpf_trace_printk\",\"rex_panic\"],"
			  "\"meta\":{\"version\":4,\"stack_bound\":512,\"dynamic_stack_checks\":false,"
			  "\"toolchain\":\"rex-test clang 19\","
			  "\"source_digest\":\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eff\"},"
			  "\"signer\":null}\n");
}

TEST(InspectJson, MinimalImageHasDynamicStackAndNoMaps)
{
	std::string json = format_inspect_json("m.rex", open_image("minimal_image"));
	EXPECT_NE(json.find("\"maps\":[],\"imports\":[]"), std::string::npos) << json;
	EXPECT_NE(json.find("\"stack_bound\":null,\"dynamic_stack_checks\":true"), std::string::npos) << json;
	EXPECT_NE(json.find("\"attach_target\":\"syscalls/sys_enter_openat\""), std::string::npos) << json;
}

TEST(InspectJson, SignedImageHasSignerObject)
{
	std::string json = format_inspect_json("s.rex", signed_sample());
	EXPECT_NE(json.find("\"signed\":true"), std::string::npos) << json;
	EXPECT_NE(json.find("\"signer\":{\"issuer\":\"CN=rex test key a\",\"serial\":\""), std::string::npos) << json;
	EXPECT_NE(json.find("\"key_id\":\"\",\"digest\":\"sha256\"}}"), std::string::npos) << json;
}

} // namespace
} // namespace rex::cli
