#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Generate the kernel .config: allnoconfig with the config fragments forced
# on top (KCONFIG_ALLCONFIG), then check that every option a fragment asks
# for survived dependency resolution. Regenerated only when a fragment, a
# Kconfig file of Rex or the source tree changed.
#
# Usage: config.sh TREE OUT FRAGMENT...
set -euo pipefail

tree=$(realpath "$1") out=$(realpath -m "$2")
shift 2
mkdir -p "$out"

id=$( { cat "$@" "$tree/kernel/rex/Kconfig" "$tree/.rex-tree"; } | sha256sum | cut -c1-16)
[[ -f "$out/.config" && "$(cat "$out/.rex-config" 2>/dev/null)" == "$id" ]] && exit 0

echo "config: generating $out/.config from allnoconfig + $*"
cat "$@" >"$out/rex.fragment"
rm -f "$out/.rex-config"
make -s -C "$tree" O="$out" ARCH=x86_64 KCONFIG_ALLCONFIG="$out/rex.fragment" allnoconfig \
	>"$out/config.log" 2>&1 || { cat "$out/config.log" >&2; exit 1; }

bad=0
while IFS= read -r line; do
	if [[ "$line" =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
		sym=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		got=$(grep -E "^$sym=" "$out/.config" | cut -d= -f2- || true)
		if [[ "$got" != "$val" ]]; then
			echo "config: error: $sym=$val requested, got '${got:-not set}' (a dependency is missing)" >&2
			bad=1
		fi
	elif [[ "$line" =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
		sym=${BASH_REMATCH[1]}
		if grep -qE "^$sym=[ym]" "$out/.config"; then
			echo "config: error: $sym must not be set, but is" >&2
			bad=1
		fi
	fi
done <"$out/rex.fragment"
[[ $bad -eq 0 ]] || exit 1
echo "$id" >"$out/.rex-config"
