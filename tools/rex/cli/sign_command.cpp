// SPDX-License-Identifier: GPL-2.0
#include "sign_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "key_lookup.h"

#include <librex/file_io.h>
#include <librex/image.h>
#include <librex/signing.h>

#include <cerrno>
#include <cstdlib>

namespace rex::cli {

namespace {

int fail(std::FILE *err, std::string_view command, const Error &error, std::string_view hint)
{
	std::fprintf(err, "%s\n", format_error(command, error, hint).c_str());
	return exit_failure;
}

} // namespace

std::string_view signature_error_hint(int code)
{
	switch (code) {
	case ENODATA:
		return "sign it with 'rex sign'";
	case EBADMSG:
		return "the signature is damaged: sign the image again with 'rex sign'";
	case ENOKEY:
		return "sign it with the key whose certificate the kernel trusts, the kernel build's certs/signing_key.pem";
	case EKEYREJECTED:
		return "the image or its signature changed after signing: rebuild it or sign it again";
	default:
		return error_hint(code);
	}
}

int run_sign(const SignOptions &options, std::FILE *out, std::FILE *err)
{
	/* Parse first: signing something that is not an image helps nobody. */
	Result<Image> image = Image::open(options.image);
	if (!image)
		return fail(err, "sign", image.error(), image_error_hint(image.error().code()));

	KeyLocation key_location = signing_key_location(options.key, std::getenv("REX_SIGNING_KEY"));
	Result<SigningKey> key = SigningKey::load(key_location.path);
	if (!key)
		return fail(err, "sign", key.error(), key_hint(key_location, "--key"));

	Result<std::vector<std::uint8_t>> signed_image = key.value().sign_image(image.value().file());
	if (!signed_image)
		return fail(err, "sign", signed_image.error(), "");

	const std::string &output = options.output ? *options.output : options.image;
	Result<void> written = write_file_atomic(output, signed_image.value());
	if (!written)
		return fail(err, "sign", written.error(), error_hint(written.error().code()));

	std::fprintf(out, "signed %s with %s (key %s)\n", output.c_str(), key.value().id().describe().c_str(),
		     key_location.path.c_str());
	return exit_success;
}

int run_verify(const VerifyOptions &options, std::FILE *out, std::FILE *err)
{
	KeyLocation cert_location = certificate_location(options.cert, std::getenv("REX_SIGNING_CERT"),
							 std::getenv("REX_SIGNING_KEY"));
	Result<Certificate> cert = Certificate::load(cert_location.path);
	if (!cert)
		return fail(err, "verify", cert.error(), key_hint(cert_location, "--cert"));

	Result<std::vector<std::uint8_t>> file = read_file(options.image);
	if (!file)
		return fail(err, "verify", file.error(), error_hint(file.error().code()));

	/* Who signed is worth knowing even when the check fails. */
	Result<SplitImage> split = split_signature(file.value());
	if (split && split.value().signature) {
		Result<SignerId> signer = describe_signer(*split.value().signature);
		if (signer)
			std::fprintf(out, "signer: %s (%s)\n", signer.value().describe().c_str(),
				     signer.value().digest.c_str());
	}

	Result<SignerId> verified = cert.value().verify_image(file.value());
	if (!verified) {
		Error error(verified.error().code(), options.image + ": " + verified.error().message());
		return fail(err, "verify", error,
			    error.code() == ENOKEY ? "verify against the signer's certificate, or sign the image with this key"
						   : signature_error_hint(error.code()));
	}
	std::fprintf(out, "signature OK\n");
	return exit_success;
}

} // namespace rex::cli
