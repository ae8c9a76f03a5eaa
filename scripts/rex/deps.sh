#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian packages a build step needs, and only those missing.
#
#   scripts/rex/deps.sh GROUP...     GROUP: kernel tools qemu
#
# Says what it installs. As non-root it only reports what is missing.
set -euo pipefail

declare -A group=(
	[kernel]="linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev dwarves ccache openssl kmod rsync xz-utils python3 cpio"
	[tools]="clang-19 lld-19 llvm-19-dev libclang-cpp19-dev libclang-19-dev libclang-rt-19-dev cmake libgtest-dev openssl libssl-dev libelf-dev zlib1g-dev"
	[qemu]="qemu-system-x86 busybox-static cpio gzip python3 file libevent-2.1-7 libsasl2-2 libssl3"
)

want=()
for g in "$@"; do
	[[ -n "${group[$g]+x}" ]] || { echo "deps.sh: unknown group '$g' (kernel, tools, qemu)" >&2; exit 2; }
	read -r -a pkgs <<<"${group[$g]}"
	want+=("${pkgs[@]}")
done

missing=()
for p in $(printf '%s\n' "${want[@]}" | sort -u); do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ "$status" == ii* ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing missing packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "deps: not root; install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists once if they are missing or older than a day.
if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]]; then
	apt-get update -qq
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${missing[*]}"
