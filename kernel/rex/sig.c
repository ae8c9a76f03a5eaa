// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rex image signatures.
 *
 * A signed image ends with a PKCS#7 signature in the module signature wire
 * format, marked with REX_SIG_MARKER instead of the module marker, so a
 * module signature cannot be passed off as a Rex one. The signature covers
 * the whole ELF: code, data, relocations and descriptors. It is checked
 * against the builtin and secondary trusted keyrings.
 *
 * Enforcement is on unless the kernel was booted with rex.sig_enforce=0 and
 * built without CONFIG_REX_SIG_FORCE; once on, it cannot be turned off.
 */

#define pr_fmt(fmt) "rex: " fmt

#include <linux/module_signature.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/verification.h>

#include "internal.h"

unsigned int rex_sig_enforce = 1;

#ifndef CONFIG_REX_SIG_FORCE
static int __init rex_sig_enforce_setup(char *arg)
{
	return kstrtouint(arg, 0, &rex_sig_enforce) ? 0 : 1;
}
__setup("rex.sig_enforce=", rex_sig_enforce_setup);
#endif

static const char *rex_sig_reason(int err)
{
	switch (err) {
	case -ENOKEY:
		return "signed by a key the kernel does not trust";
	case -EKEYREJECTED:
		return "the signature does not match the image (was it changed after signing?)";
	case -EBADMSG:
		return "the PKCS#7 signature is malformed";
	case -ENOPKG:
		return "the signature uses an unsupported algorithm";
	default:
		return "the signature could not be checked";
	}
}

/*
 * Check the signature of @image; on success *@len is the length of the
 * signed ELF that precedes the trailer.
 */
int rex_sig_check(struct rex_load_ctx *lctx, const void *image, size_t *len)
{
	const size_t marker_len = sizeof(REX_SIG_MARKER) - 1;
	struct module_signature ms;
	size_t n = *len, sig_len;
	int err;

	if (n <= marker_len || memcmp(image + n - marker_len, REX_SIG_MARKER, marker_len)) {
		if (!READ_ONCE(rex_sig_enforce)) {
			rex_log(lctx, "note: image is not signed; loading it because signature enforcement is off");
			return 0;
		}
		rex_log(lctx, "image is not signed: sign it with 'rex sign' or build it with 'rex build'");
		return -ENODATA;
	}
	n -= marker_len;
	if (n < sizeof(ms)) {
		rex_log(lctx, "signature trailer is truncated");
		return -EBADMSG;
	}
	memcpy(&ms, image + n - sizeof(ms), sizeof(ms));
	n -= sizeof(ms);
	sig_len = be32_to_cpu(ms.sig_len);
	if (ms.id_type != PKEY_ID_PKCS7 || ms.algo || ms.hash || ms.signer_len ||
	    ms.key_id_len || ms.__pad[0] || ms.__pad[1] || ms.__pad[2] ||
	    !sig_len || sig_len >= n) {
		rex_log(lctx, "signature trailer is malformed (not a PKCS#7 signature of %zu bytes or less)",
			n);
		return -EBADMSG;
	}
	n -= sig_len;

	err = verify_pkcs7_signature(image, n, image + n, sig_len,
				     VERIFY_USE_SECONDARY_KEYRING,
				     VERIFYING_MODULE_SIGNATURE, NULL, NULL);
	if (err) {
		if (!READ_ONCE(rex_sig_enforce)) {
			rex_log(lctx, "note: %s; loading it because signature enforcement is off",
				rex_sig_reason(err));
		} else {
			rex_log(lctx, "bad signature: %s", rex_sig_reason(err));
			return err;
		}
	}
	*len = n;
	return 0;
}
