#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prepare the kernel source tree that the Rex kernel is built from:
#
#   1. take Linux 6.12 from Debian's linux-source-6.12 (extracted once), or
#      from KERNEL_SRC=/path/to/linux-6.12;
#   2. copy it to $BUILD/linux and apply patches/ in the order of
#      patches/series (only when the source or a patch changed);
#   3. overlay the repository's own kernel files (kernel/, include/) by the
#      same relative path, touching only files whose content changed, so the
#      O= build stays incremental.
#
# Usage: prepare-tree.sh REPO BUILD
set -euo pipefail

repo=$(realpath "$1")
build=$(realpath -m "$2")
tree=$build/linux
pin=$(cat "$repo/configs/linux-version")
tarball=/usr/src/linux-source-6.12.tar.xz

die() { echo "prepare-tree: error: $*" >&2; exit 1; }
say() { echo "prepare-tree: $*"; }

makefile_version() {
	awk -F' = ' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2} /^SUBLEVEL =/{s=$2}
		     END{print v "." p "." s}' "$1/Makefile"
}

# --- 1. pristine source ----------------------------------------------------
if [[ -n "${KERNEL_SRC:-}" ]]; then
	pristine=$(realpath "$KERNEL_SRC")
	[[ -f "$pristine/Makefile" ]] || die "KERNEL_SRC=$KERNEL_SRC has no Makefile"
	ver=$(makefile_version "$pristine")
	[[ "$ver" == 6.12.* ]] || die "KERNEL_SRC=$KERNEL_SRC is Linux $ver; Rex needs 6.12.y"
	source_id="dir:$pristine:$ver"
else
	[[ -f "$tarball" ]] || die "$tarball is missing: install Debian's linux-source-6.12 or set KERNEL_SRC"
	pristine=$build/src/linux-source-6.12
	source_id="deb:$(stat -c '%s:%Y' "$tarball")"
	if [[ "$(cat "$build/src/.extracted" 2>/dev/null)" != "$source_id" ]]; then
		say "extracting $tarball"
		rm -rf "$pristine" "$build/src/.extracted"
		mkdir -p "$build/src"
		tar -C "$build/src" -xf "$tarball"
		echo "$source_id" >"$build/src/.extracted"
	fi
	ver=$(makefile_version "$pristine")
fi
if [[ "$ver" != "$pin" ]]; then
	say "note: configs/linux-version pins $pin; using $ver (the 6.12.y that is available)"
fi

# --- 2. patched copy -------------------------------------------------------
series=$repo/patches/series
patches_id=$(cd "$repo/patches" && { cat series; grep -v '^\s*#' series | xargs -r cat; } | sha256sum | cut -c1-16)
tree_id="$source_id:$patches_id"
if [[ "$(cat "$tree/.rex-tree" 2>/dev/null)" != "$tree_id" ]]; then
	say "copying Linux $ver to $tree and applying patches/"
	rm -rf "$tree"
	cp -a "$pristine" "$tree"
	rm -f "$tree/.rex-overlay"
	while read -r p; do
		[[ -z "$p" || "$p" == \#* ]] && continue
		[[ -f "$repo/patches/$p" ]] || die "patches/series names $p, which does not exist"
		if ! out=$(patch -d "$tree" -p1 --forward --batch --fuzz=0 --no-backup-if-mismatch \
				 -r - -i "$repo/patches/$p" 2>&1); then
			echo "$out" | sed 's/^/    /' >&2
			rm -f "$tree/.rex-tree"
			die "patch $p does not apply to Linux $ver (see the failed hunk above)"
		fi
		say "applied $p"
	done <"$series"
	echo "$tree_id" >"$tree/.rex-tree"
fi

# --- 3. overlay ------------------------------------------------------------
cd "$repo"
overlay=$(find kernel include -type f | LC_ALL=C sort)
for f in $overlay; do
	[[ -e "$pristine/$f" ]] &&
		die "$f exists upstream: change upstream files with a patch in patches/, not a copy"
done
# Files that left the overlay since the last run are removed from the tree.
if [[ -f "$tree/.rex-overlay" ]]; then
	comm -23 "$tree/.rex-overlay" <(echo "$overlay") | while read -r f; do
		rm -f "$tree/$f"
	done
fi
echo "$overlay" | rsync -rc --files-from=- --out-format='%n' . "$tree/" | sed -n '/[^/]$/s/^/prepare-tree: overlay /p'
echo "$overlay" >"$tree/.rex-overlay"
