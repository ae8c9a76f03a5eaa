#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the images the end-to-end tests load: the samples, the benchmark
# program and the runtime test programs of progs/ (with 'rex build'), and
# hostile variants made by hand (unsigned,
# tampered, signed by an untrusted key, forbidden imports, ...), each
# expected to be refused by the kernel with its own errno.
#
# Usage: mkimages.sh REPO BUILD OUTDIR
set -euo pipefail

repo=$(realpath "$1") build=$(realpath "$2") out=$(realpath -m "$3")
rex=$build/tools/cli/rex
key=$build/kernel/certs/signing_key.pem
here=$repo/tools/testing/rex
die() { echo "mkimages: error: $*" >&2; exit 1; }

[[ -x $rex ]] || die "$rex is missing: run 'make tools'"
[[ -f $key ]] || die "$key is missing: run 'make kernel' (the kernel build generates it)"
rm -rf "$out"
mkdir -p "$out"/{samples,bench,runtime,bad}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$repo"/samples/rex/*/; do
	name=$(basename "$dir")
	"$rex" build "$dir/$name.cpp" -o "$out/samples/$name.rex" --key "$key" >/dev/null
done
for prog in "$here"/bench/*.cpp; do
	"$rex" build "$prog" -o "$out/bench/$(basename "$prog" .cpp).rex" --key "$key" >/dev/null
done
# Panics, resource cleanup, termination and stack checks (progs/README).
# The sources too: the tests look up the line a report must name.
mkdir -p "$out/runtime/src"
cp "$here"/progs/*.cpp "$out/runtime/src/"
for prog in "$here"/progs/*.cpp; do
	"$rex" build "$prog" -o "$out/runtime/$(basename "$prog" .cpp).rex" --key "$key" >/dev/null
done

# flip FILE OFFSET: invert one byte in place.
flip() {
	python3 - "$1" "$2" <<'PY'
import sys
path, off = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, "rb").read())
data[off] ^= 0xff
open(path, "wb").write(data)
PY
}

# offset_of FILE SECTION: file offset of a section's first byte.
offset_of() {
	local hex
	hex=$(readelf -W -S "$1" | sed -n "s/^ *\[ *[0-9]*\] $2 \+[A-Z_]\+ \+[0-9a-f]\+ \([0-9a-f]\+\) .*/\1/p" | head -n 1)
	[[ -n $hex ]] || die "no section $2 in $1"
	echo $((16#$hex))
}

good=$out/samples/xdp_count.rex
bad=$out/bad

# Unsigned: the same program without a trailer.
"$rex" build "$repo/samples/rex/xdp_count/xdp_count.cpp" -o "$bad/unsigned.rex" --no-sign >/dev/null

# One flipped byte in the code, after signing.
cp "$good" "$bad/tampered-code.rex"
flip "$bad/tampered-code.rex" "$(( $(offset_of "$bad/unsigned.rex" .text) + 1 ))"

# One flipped byte inside the PKCS#7 signature (the middle of it).
cp "$good" "$bad/tampered-sig.rex"
size=$(stat -c %s "$good")
siglen=$(python3 -c "import sys,struct; d=open(sys.argv[1],'rb').read(); print(struct.unpack('>I', d[-25-4:-25])[0])" "$good")
flip "$bad/tampered-sig.rex" $(( size - 25 - 12 - siglen / 2 ))

# Signed by a key the kernel does not trust.
openssl req -new -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Untrusted Rex test key" \
	-keyout "$tmp/untrusted.pem" -out "$tmp/untrusted.pem" 2>/dev/null
cp "$bad/unsigned.rex" "$bad/untrusted-key.rex"
"$rex" sign "$bad/untrusted-key.rex" --key "$tmp/untrusted.pem" >/dev/null

# Hand-made objects, signed with the trusted key.
hostile_cc() {
	local name=$1
	shift
	clang-19 -target x86_64-linux-gnu -O2 -c -fno-pic -mcmodel=kernel -fcf-protection=branch \
		-fno-asynchronous-unwind-tables \
		-fno-addrsig -I "$repo/include/uapi" -idirafter "$build/headers/include" "$@" \
		"$here/images/hostile.c" -o "$bad/$name.rex"
}
hostile() {
	hostile_cc "$@"
	"$rex" sign "$bad/$1.rex" --key "$key" >/dev/null
}
hostile plain-xdp
hostile forbidden-symbol -DIMPORT=commit_creds
hostile unknown-helper -DIMPORT=bpf_no_such_helper
hostile helper-not-allowed -DIMPORT=bpf_override_return
hostile stack-over-budget "-DSTACK_BOUND=(REX_PROG_STACK_BUDGET + 1)"
hostile kprobe-override -DIMPORT=bpf_override_return -DPROG_TYPE=BPF_PROG_TYPE_KPROBE

# sign_raw FILE: sign anything, as the kernel's scripts/sign-file signs a
# module, then swap the module marker for Rex's.
sign_raw() {
	"$build/kernel/scripts/sign-file" sha256 "$key" "$build/kernel/certs/signing_key.x509" "$1"
	truncate -s -28 "$1"	# "~Module signature appended~\n"
	printf '~Rex signature appended~\n' >>"$1"
}

# Built without ENDBR64 at the entry (clang's last -fcf-protection wins).
# rex sign refuses it as rex inspect does, so it is signed the raw way.
hostile_cc no-endbr -fcf-protection=none
sign_raw "$bad/no-endbr.rex"

# Signed garbage: the signature is fine, the ELF is not.
head -c 4096 /dev/urandom >"$bad/garbage.rex"
sign_raw "$bad/garbage.rex"

# A valid image with a module signature: not a Rex signature.
cp "$bad/unsigned.rex" "$bad/module-signed.rex"
"$build/kernel/scripts/sign-file" sha256 "$key" "$build/kernel/certs/signing_key.x509" \
	"$bad/module-signed.rex"

# Larger than the 4 MiB the kernel accepts.
cp "$good" "$bad/oversized.rex"
truncate -s 5M "$bad/oversized.rex"
