// SPDX-License-Identifier: GPL-2.0
#include <librex/signing.h>

#include <librex/file_io.h>
#include <librex/hex.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace rex {

namespace {

/* unique_ptr deleters for OpenSSL objects. */
template <auto Free>
struct OpensslFree {
	template <typename T>
	void operator()(T *object) const
	{
		Free(object);
	}
};
using BioPtr = std::unique_ptr<BIO, OpensslFree<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, OpensslFree<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpensslFree<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpensslFree<EVP_PKEY_CTX_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OpensslFree<CMS_ContentInfo_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, OpensslFree<X509_SIG_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpensslFree<BN_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpensslFree<PKCS7_free>>;

struct X509StackFree {
	void operator()(STACK_OF(X509) *stack) const { sk_X509_free(stack); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

/*
 * An Error for a failed OpenSSL call: what failed, then OpenSSL's reason
 * for its most recent error.  Clears OpenSSL's error queue, which
 * otherwise leaks into the next call's diagnosis.
 */
Error openssl_error(int code, std::string what)
{
	unsigned long err = ERR_peek_last_error();
	const char *reason = err ? ERR_reason_error_string(err) : nullptr;
	if (reason) {
		what += " (OpenSSL: ";
		what += reason;
		what += ')';
	}
	ERR_clear_error();
	return Error(code, std::move(what));
}

BioPtr memory_bio(Bytes bytes)
{
	return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

Result<void> check_size(Bytes bytes, std::string_view what)
{
	if (bytes.size() > INT_MAX)
		return Error(EFBIG, std::string(what) + " is larger than 2 GiB");
	return {};
}

std::string lowercase(std::string text)
{
	std::transform(text.begin(), text.end(), text.begin(),
		       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
	return text;
}

std::string name_to_string(const X509_NAME *name)
{
	BioPtr bio(BIO_new(BIO_s_mem()));
	if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
		return "?";
	char *data = nullptr;
	long len = BIO_get_mem_data(bio.get(), &data);
	return std::string(data, static_cast<std::size_t>(len));
}

std::string serial_to_hex(const ASN1_INTEGER *serial)
{
	BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
	char *hex = bn ? BN_bn2hex(bn.get()) : nullptr;
	if (!hex)
		return "?";
	std::string text = lowercase(hex);
	OPENSSL_free(hex);
	return text;
}

std::string octets_to_hex(const ASN1_OCTET_STRING *octets)
{
	return to_hex(Bytes(ASN1_STRING_get0_data(octets), static_cast<std::size_t>(ASN1_STRING_length(octets))));
}

SignerId certificate_id(const X509 *cert)
{
	SignerId id;
	id.issuer = name_to_string(X509_get_issuer_name(cert));
	id.serial = serial_to_hex(X509_get0_serialNumber(cert));
	if (const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(const_cast<X509 *>(cert)))
		id.key_id = octets_to_hex(skid);
	return id;
}

/* The PEM pass phrase callback: $KBUILD_SIGN_PIN, never a terminal prompt. */
int pass_phrase_from_env(char *buf, int size, int, void *)
{
	const char *pin = std::getenv("KBUILD_SIGN_PIN");
	if (!pin)
		return -1;
	int len = static_cast<int>(strnlen(pin, static_cast<std::size_t>(size)));
	if (len >= size)
		return -1;
	std::memcpy(buf, pin, static_cast<std::size_t>(len));
	return len;
}

Result<X509Ptr> read_certificate(Bytes bytes, const std::string &path)
{
	REX_TRY(check_size(bytes, path));
	BioPtr bio = memory_bio(bytes);
	X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, pass_phrase_from_env, nullptr));
	if (!cert) {
		/* Not PEM: maybe DER, like the kernel's certs/signing_key.x509. */
		const unsigned char *p = bytes.data();
		cert.reset(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
	}
	if (!cert)
		return openssl_error(EINVAL, path + ": no X.509 certificate in it (PEM or DER)");
	ERR_clear_error();
	return cert;
}

/* A parsed SignedData with its one signer. */
struct ParsedSignature {
	CmsPtr cms;
	CMS_SignerInfo *signer = nullptr; /* owned by cms */
};

Result<ParsedSignature> parse_signature(Bytes der)
{
	REX_TRY(check_size(der, "the signature"));
	const unsigned char *p = der.data();
	ParsedSignature parsed;
	parsed.cms.reset(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
	if (!parsed.cms)
		return openssl_error(EBADMSG, "the signature is not valid PKCS#7 DER");
	if (p != der.data() + der.size())
		return Error(EBADMSG, "the signature has " + std::to_string(der.data() + der.size() - p) +
					      " stray bytes after the PKCS#7");
	if (OBJ_obj2nid(CMS_get0_type(parsed.cms.get())) != NID_pkcs7_signed)
		return Error(EBADMSG, "the signature is PKCS#7 but not SignedData");

	STACK_OF(CMS_SignerInfo) *signers = CMS_get0_SignerInfos(parsed.cms.get());
	int count = signers ? sk_CMS_SignerInfo_num(signers) : 0;
	if (count != 1)
		return Error(EBADMSG, "the signature has " + std::to_string(count) + " signers, expected 1");
	parsed.signer = sk_CMS_SignerInfo_value(signers, 0);
	return parsed;
}

/*
 * The versions of SignedData and SignerInfo: 1 (PKCS#7, signer named by
 * issuer and serial) or 3 (CMS, signer named by key id), as the kernel's
 * PKCS#7 parser accepts them.  CMS has no getters for them; PKCS7 does.
 */
Result<void> check_versions(Bytes der, bool named_by_key_id)
{
	const unsigned char *p = der.data();
	Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
	if (!pkcs7 || !PKCS7_type_is_signed(pkcs7.get()) || !pkcs7->d.sign) {
		ERR_clear_error();
		return Error(EBADMSG, "the signature is not PKCS#7 SignedData");
	}
	long version = ASN1_INTEGER_get(pkcs7->d.sign->version);
	if (version != 1 && version != 3)
		return Error(EBADMSG, "SignedData version " + std::to_string(version) + " is neither 1 nor 3");
	STACK_OF(PKCS7_SIGNER_INFO) *signers = PKCS7_get_signer_info(pkcs7.get());
	PKCS7_SIGNER_INFO *signer = signers ? sk_PKCS7_SIGNER_INFO_value(signers, 0) : nullptr;
	long expected = named_by_key_id ? 3 : 1;
	if (!signer || ASN1_INTEGER_get(signer->version) != expected)
		return Error(EBADMSG, "SignerInfo version is not " + std::to_string(expected) + " for a signer named by " +
					      (named_by_key_id ? "key id" : "issuer and serial"));
	return {};
}

/*
 * Fields no signature covers (there are no signed attributes) but the
 * kernel's PKCS#7 parser insists on: versions, content type id-data, a
 * digest it knows.  Checked here so verify fails where the kernel would.
 */
Result<void> check_unsigned_fields(const ParsedSignature &parsed, Bytes der)
{
	ASN1_OCTET_STRING *key_id = nullptr;
	CMS_SignerInfo_get0_signer_id(parsed.signer, &key_id, nullptr, nullptr);
	REX_TRY(check_versions(der, key_id != nullptr));
	if (OBJ_obj2nid(CMS_get0_eContentType(parsed.cms.get())) != NID_pkcs7_data)
		return Error(EBADMSG, "the signature's content type is not id-data");
	X509_ALGOR *digest_alg = nullptr;
	CMS_SignerInfo_get0_algs(parsed.signer, nullptr, nullptr, &digest_alg, nullptr);
	const ASN1_OBJECT *object = nullptr;
	if (digest_alg)
		X509_ALGOR_get0(&object, nullptr, nullptr, digest_alg);
	if (!object || !EVP_get_digestbyobj(object))
		return Error(EBADMSG, "the signature names an unknown digest algorithm");
	return {};
}

SignerId signer_id(CMS_SignerInfo *signer)
{
	ASN1_OCTET_STRING *key_id = nullptr;
	X509_NAME *issuer = nullptr;
	ASN1_INTEGER *serial = nullptr;
	SignerId id;
	if (CMS_SignerInfo_get0_signer_id(signer, &key_id, &issuer, &serial) == 1) {
		if (issuer)
			id.issuer = name_to_string(issuer);
		if (serial)
			id.serial = serial_to_hex(serial);
		if (key_id)
			id.key_id = octets_to_hex(key_id);
	}

	X509_ALGOR *digest_alg = nullptr;
	CMS_SignerInfo_get0_algs(signer, nullptr, nullptr, &digest_alg, nullptr);
	if (digest_alg) {
		const ASN1_OBJECT *object = nullptr;
		X509_ALGOR_get0(&object, nullptr, nullptr, digest_alg);
		int nid = OBJ_obj2nid(object);
		id.digest = nid == NID_undef ? "unknown" : OBJ_nid2ln(nid);
	}
	return id;
}

/*
 * CMS_verify() said no; say why.  With RSA and no signed attributes the
 * signature decrypts to a DigestInfo: if that works and holds another
 * digest than the content's, the content changed after signing.
 */
Error diagnose_rejection(CMS_SignerInfo *signer, X509 *cert, Bytes content)
{
	ERR_clear_error();
	const std::string corrupt = "the signature does not verify with the certificate's key (corrupt signature)";

	EVP_PKEY *key = X509_get0_pubkey(cert);
	ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(signer);
	if (!key || !value || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return Error(EKEYREJECTED, "the signature does not verify");

	PkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
	std::vector<unsigned char> recovered(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
	std::size_t recovered_len = recovered.size();
	if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) <= 0 ||
	    EVP_PKEY_verify_recover(ctx.get(), recovered.data(), &recovered_len, ASN1_STRING_get0_data(value),
				    static_cast<std::size_t>(ASN1_STRING_length(value))) <= 0) {
		ERR_clear_error();
		return Error(EKEYREJECTED, corrupt);
	}

	const unsigned char *p = recovered.data();
	X509SigPtr digest_info(d2i_X509_SIG(nullptr, &p, static_cast<long>(recovered_len)));
	const X509_ALGOR *alg = nullptr;
	const ASN1_OCTET_STRING *signed_digest = nullptr;
	if (digest_info)
		X509_SIG_get0(digest_info.get(), &alg, &signed_digest);
	const ASN1_OBJECT *object = nullptr;
	if (alg)
		X509_ALGOR_get0(&object, nullptr, nullptr, alg);
	const EVP_MD *md = object ? EVP_get_digestbyobj(object) : nullptr;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	if (!signed_digest || !md || EVP_Digest(content.data(), content.size(), digest, &digest_len, md, nullptr) != 1) {
		ERR_clear_error();
		return Error(EKEYREJECTED, corrupt);
	}

	std::size_t signed_len = static_cast<std::size_t>(ASN1_STRING_length(signed_digest));
	if (signed_len != digest_len || std::memcmp(ASN1_STRING_get0_data(signed_digest), digest, digest_len) != 0)
		return Error(EKEYREJECTED, "digest mismatch: the image changed after it was signed (signed " +
						   octets_to_hex(signed_digest) + ", image " +
						   to_hex(Bytes(digest, digest_len)) + ")");
	return Error(EKEYREJECTED, "the signature does not verify");
}

} // namespace

std::string SignerId::describe() const
{
	if (!issuer.empty())
		return issuer + ", serial " + serial;
	if (!key_id.empty())
		return "key id " + key_id;
	return "unknown signer";
}

Result<SignerId> describe_signer(Bytes pkcs7_der)
{
	ParsedSignature parsed = REX_TRY(parse_signature(pkcs7_der));
	return signer_id(parsed.signer);
}

struct SigningKey::Impl {
	PkeyPtr key;
	X509Ptr cert;
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::SigningKey(SigningKey &&) noexcept = default;
SigningKey &SigningKey::operator=(SigningKey &&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::load(const std::string &pem_path)
{
	std::vector<std::uint8_t> pem = REX_TRY(read_file(pem_path));
	REX_TRY(check_size(pem, pem_path));

	auto impl = std::make_unique<Impl>();
	BioPtr bio = memory_bio(pem);
	impl->key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, pass_phrase_from_env, nullptr));
	if (!impl->key)
		return openssl_error(EINVAL, pem_path + ": no usable private key in it");
	impl->cert = REX_TRY(read_certificate(pem, pem_path));
	if (X509_check_private_key(impl->cert.get(), impl->key.get()) != 1)
		return openssl_error(EINVAL, pem_path + ": the private key does not belong to the certificate");
	return SigningKey(std::move(impl));
}

Result<std::vector<std::uint8_t>> SigningKey::sign_image(Bytes file) const
{
	SplitImage split = REX_TRY(split_signature(file));
	REX_TRY(check_size(split.content, "the image"));

	/* What sign-file does: one signer, no attributes, no certificates. */
	constexpr unsigned int flags = CMS_NOCERTS | CMS_BINARY | CMS_DETACHED;
	CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags | CMS_PARTIAL));
	if (!cms)
		return openssl_error(ENOMEM, "creating the PKCS#7 SignedData");
	if (!CMS_add1_signer(cms.get(), impl_->cert.get(), impl_->key.get(), EVP_sha256(),
			     flags | CMS_NOSMIMECAP | CMS_NOATTR))
		return openssl_error(EINVAL, "adding the signer (is the key RSA?)");
	BioPtr content = memory_bio(split.content);
	if (!content || CMS_final(cms.get(), content.get(), nullptr, flags) != 1)
		return openssl_error(EINVAL, "signing the image");

	unsigned char *der = nullptr;
	int der_len = i2d_CMS_ContentInfo(cms.get(), &der);
	if (der_len <= 0)
		return openssl_error(ENOMEM, "encoding the signature as DER");
	std::vector<std::uint8_t> signed_file =
		append_signature(split.content, Bytes(der, static_cast<std::size_t>(der_len)));
	OPENSSL_free(der);
	return signed_file;
}

SignerId SigningKey::id() const
{
	return certificate_id(impl_->cert.get());
}

struct Certificate::Impl {
	X509Ptr cert;
};

Certificate::Certificate(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Certificate::Certificate(Certificate &&) noexcept = default;
Certificate &Certificate::operator=(Certificate &&) noexcept = default;
Certificate::~Certificate() = default;

Result<Certificate> Certificate::load(const std::string &path)
{
	std::vector<std::uint8_t> bytes = REX_TRY(read_file(path));
	auto impl = std::make_unique<Impl>();
	impl->cert = REX_TRY(read_certificate(bytes, path));
	return Certificate(std::move(impl));
}

SignerId Certificate::id() const
{
	return certificate_id(impl_->cert.get());
}

Result<SignerId> Certificate::verify_image(Bytes file) const
{
	SplitImage split = REX_TRY(split_signature(file));
	if (!split.signature)
		return Error(ENODATA, "the image is not signed (no signature trailer)");
	REX_TRY(check_size(split.content, "the image"));

	ParsedSignature parsed = REX_TRY(parse_signature(*split.signature));
	REX_TRY(check_unsigned_fields(parsed, *split.signature));
	SignerId signer = signer_id(parsed.signer);
	X509 *cert = impl_->cert.get();
	if (CMS_SignerInfo_cert_cmp(parsed.signer, cert) != 0)
		return Error(ENOKEY, "signed by another key: the signer is " + signer.describe() +
					     ", the certificate is " + id().describe());

	X509StackPtr certs(sk_X509_new_null());
	if (!certs || !sk_X509_push(certs.get(), cert))
		return openssl_error(ENOMEM, "preparing the verification");
	BioPtr content = memory_bio(split.content);
	constexpr unsigned int flags = CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY;
	if (CMS_verify(parsed.cms.get(), certs.get(), nullptr, content.get(), nullptr, flags) != 1)
		return diagnose_rejection(parsed.signer, cert, split.content);
	return signer;
}

} // namespace rex
