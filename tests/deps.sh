#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing vmw_rpc needs on Debian bookworm
# (run as root). Quick when everything is already there.
#
# Usage: tests/deps.sh            install the packages below
#        tests/deps.sh --kdir     print the Debian 6.1 header tree (KDIR)
#        tests/deps.sh --kver     print the Debian 6.1 kernel version
#        tests/deps.sh --kdir-new print the newest 6.12-or-later header tree
#                                 (exit 1 when there is none; optional)

set -euo pipefail

PACKAGES=(
	build-essential pkg-config
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	sparse
	qemu-system-x86 busybox-static cpio kmod
	libkmod-dev libcmocka-dev valgrind
	bc flex bison libelf-dev libssl-dev dwarves rsync python3
	dkms openssl udev git shellcheck
	debhelper dh-dkms lintian
)

# The newest Debian 6.1 kernel that has both an image and headers.
kver() {
	local v
	for v in $(ls /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V -r); do
		if [ -d "/usr/src/linux-headers-$v" ]; then
			echo "$v"
			return 0
		fi
	done
	return 1
}

# The newest 6.12-or-later amd64 header tree (not cloud, not rt): the
# mainline check's KDIR. Installed below when apt has one.
# Versions compare as sort -V does (6.12.9 before 6.12.10).
kdir_new() {
	local d v best=
	for d in /usr/src/linux-headers-*-amd64; do
		case "$d" in *cloud* | *-rt-*) continue ;; esac
		[ -d "$d" ] || continue
		v=${d#/usr/src/linux-headers-}
		[ "$(printf '%s\n' 6.12 "$v" | sort -V | sed -n 1p)" = 6.12 ] || continue
		if [ -z "$best" ] ||
			[ "$(printf '%s\n' "$best" "$v" | sort -V | sed -n 2p)" = "$v" ]; then
			best=$v
		fi
	done
	[ -n "$best" ] && echo "/usr/src/linux-headers-$best"
}

case "${1:-}" in
--kdir-new)
	kdir_new
	exit
	;;
--kver)
	kver
	exit
	;;
--kdir)
	echo "/usr/src/linux-headers-$(kver)"
	exit
	;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -c "ok installed" >/dev/null ||
		missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages (run as root to install): ${missing[*]}" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Optional: a 6.12-or-later header tree (the kernel's new hypercall
# functions came with 6.11), to check that the module also builds there.
# bookworm carries 6.12 headers as a security-updated kernel; tests/lint
# skips that check without them. grep -v finding nothing is no error.
if ! kdir_new >/dev/null && [ "$(id -u)" -eq 0 ]; then
	new=$(apt-cache search --names-only '^linux-headers-6\.1[2-9].*-amd64$' 2>/dev/null |
	      awk '{print $1}' | { grep -v -e cloud -e rt- || true; } | sort -V | tail -n 1)
	if [ -n "$new" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$new" >&2 ||
			echo "deps: optional $new not installed" >&2
	fi
fi
