#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the test initramfs: static busybox, the Rex tools, the init script,
# the demo and the end-to-end scenarios.
#
# Usage: mkinitramfs.sh REPO BUILD OUT.cpio.gz
set -euo pipefail

repo=$(realpath "$1") build=$(realpath "$2") out=$(realpath -m "$3")
here=$repo/tools/testing/rex
root=$build/initramfs.d

die() { echo "mkinitramfs: error: $*" >&2; exit 1; }

busybox=/bin/busybox
file -L "$busybox" | grep -q 'statically linked' ||
	die "$busybox is not static: install Debian's busybox-static"

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/share/rex,etc,proc,sys,dev,tmp,root,run}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list-full); do
	[[ -e "$root/$applet" ]] || ln -s /bin/busybox "$root/$applet"
done

for tool in "$build/tools/cli/rex" "$build"/tools/helpers/rex-test-* "$build/bpftool/bpftool"; do
	[[ -x "$tool" ]] || die "$tool is missing: run 'make tools'"
	file -L "$tool" | grep -q 'statically linked' || die "$tool is not statically linked"
	cp "$tool" "$root/usr/bin/"
done

# memcached, for the bmc sample's test: Debian's binary, unpacked from its
# package rather than installed (installing it would start a memcached on
# this machine), and the libraries it links, from this machine (deps.sh
# installs them).
memcached=$build/memcached/usr/bin/memcached
if [[ ! -x "$memcached" ]]; then
	debs=$(mktemp -d)
	chmod 0777 "$debs"	# apt's _apt user writes the download there
	(cd "$debs" && apt-get download -qq memcached 2>/dev/null) ||
		{ [[ $(id -u) -eq 0 ]] && apt-get update -qq && (cd "$debs" && apt-get download -qq memcached); } ||
		die "cannot download Debian's memcached package (apt-get download memcached)"
	dpkg-deb -x "$debs"/memcached_*.deb "$build/memcached"
	rm -rf "$debs"
	[[ -x "$memcached" ]] || die "the memcached package holds no /usr/bin/memcached"
fi
ldd "$memcached" | grep -q 'not found' &&
	die "memcached needs libraries this machine lacks: $(ldd "$memcached" | grep 'not found' | tr -s '\t\n' ' ')"
cp "$memcached" "$root/usr/bin/memcached"
for lib in $(ldd "$memcached" | grep -o '/[^ ]*'); do
	mkdir -p "$root/$(dirname "$lib")"
	cp -L "$lib" "$root/$lib"
done

"$here/mkimages.sh" "$repo" "$build" "$root/usr/share/rex/images"
install -m 0755 "$here/init" "$root/init"
cp -r "$here/scenarios" "$here/lib.sh" "$here/run-scenarios.sh" "$here/demo.sh" "$here/bench.sh" \
	"$root/usr/share/rex/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
