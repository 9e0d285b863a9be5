#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The installed system, booted: the README's "On a VMware guest" steps,
# with the module autoloaded by real udev at boot.
#
# On the host, as the quick start does it, but into a staging root:
#   - make install DESTDIR=ROOT (PREFIX=/usr/local: the library in
#     /usr/local/lib/x86_64-linux-gnu, found through the library cache
#     that the guest's ldconfig makes; tools, the udev rule in
#     /usr/local/lib/udev/rules.d, ...)
#   - make dkms-install for the Debian 6.1 kernel, real dkms, in a private
#     mount namespace with a tmpfs on /var/lib/dkms and DKMS's source and
#     install trees pointed into the staging root (--installtree ROOT/
#     lib/modules --no-depmod), so the host's DKMS state is not touched;
#     then depmod -b ROOT, with the kernel's modules.builtin and
#     modules.order copied from the host's /lib/modules/KVER
#   - pc-guestinfo.c built with pkg-config against ROOT
# What differs from a real guest: no apt-get, git or compiler in the guest
# (all of that runs on the host); the group vmwrpc comes from the
# installed sysusers.d file (systemd-sysusers at boot, as on an image made
# from a DESTDIR tree) rather than make install's groupadd; the user is
# put in it by the test, not by usermod; of udev's own rules only
# 50-udev-default.rules and 80-drivers.rules are there.
#
# Boots (tests/vm/run --system: systemd-udevd, coldplug, settle; no
# insmod):
#   1. VMware DMI: udev loads the production module from updates/dkms for
#      the DMI modalias; /dev/vmw_rpc is root:vmwrpc 0660; a group member
#      opens it, anyone else gets EACCES.
#   2. --no-vmware: the same tree; nothing loads it.
#   3. guestinfo. The production module has no transport hooks, and
#      QEMU's vmport has no message channel, so reading guestinfo needs the
#      simulated host, which only attaches to the test build. This boot
#      therefore puts the test build of vmw_rpc.ko (make test-modules, the
#      same sources with VMW_RPC_TEST=1) in the DKMS module's place and
#      runs depmod again; udev loads it the same way, the guest script
#      loads vmw_rpc_sim.ko behind it and seeds guestinfo.system.greeting;
#      a group member reads it with vmw-rpc, vmw-rpctool and pc-guestinfo,
#      a user outside the group is refused at open.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

top=$tap_top
kver=$("$top/tests/deps.sh" --kver 2>/dev/null || true)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
why=
if [ "$(id -u)" -ne 0 ]; then
	why="needs root (unshare, dkms)"
elif ! command -v dkms >/dev/null || ! command -v udevadm >/dev/null; then
	why="no dkms or udevadm (tests/deps.sh installs dkms and udev)"
elif [ -z "$kver" ] || [ ! -f "/lib/modules/$kver/modules.builtin" ]; then
	why="no Debian 6.1 kernel with modules and headers (tests/deps.sh)"
fi
if [ -n "$why" ]; then
	tap_skip "the installed system, booted" "$why"
	tap_done
	exit
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vmw-system.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
extra=$work/extra
moddir=$root/lib/modules/$kver
mkdir -p "$moddir" "$extra/usr/local/bin" "$extra/root" "$work/src"

# depmod for the staging root, with the kernel's own module lists.
stage_depmod() {
	local f
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "/lib/modules/$kver/$f" "$moddir/"
	done
	depmod -b "$root" "$kver"
}

dkms_into_root() {
	unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /var/lib/dkms && exec "$@"' sh \
		make -C "$top" dkms-install KVER="$kver" DKMS_SRCTREE="$work/src" \
		DKMS="dkms --sourcetree $work/src --installtree $root/lib/modules --no-depmod"
}

ok=1
tap_run "host: make install DESTDIR=ROOT" make -C "$top" install DESTDIR="$root" || ok=0
tap_run "host: make dkms-install KVER=$kver into ROOT (private DKMS tree)" dkms_into_root || ok=0
tap_run "host: depmod -b ROOT $kver" stage_depmod || ok=0
if [ -f "$moddir/updates/dkms/vmw_rpc.ko" ]; then
	tap_ok 0 "host: DKMS put vmw_rpc.ko $ver in ROOT/lib/modules/$kver/updates/dkms/"
else
	tap_ok 1 "host: DKMS put vmw_rpc.ko $ver in ROOT/lib/modules/$kver/updates/dkms/"
	ok=0
fi
pc_build() {
	local flags
	local pc
	pc=$(find "$root/usr/local/lib" -name vmwrpc.pc)
	flags=$(PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH=${pc%/*} \
		pkg-config --cflags --libs vmwrpc)
	# shellcheck disable=SC2086 # pkg-config's words
	gcc -O2 -Wall -Wextra -Werror -o "$extra/usr/local/bin/pc-guestinfo" \
		"$top/tests/system/progs/pc-guestinfo.c" $flags
}
tap_run "host: pc-guestinfo.c built with pkg-config against ROOT" pc_build || ok=0

if [ "$ok" = 0 ]; then
	tap_skip "boots of the installed system" "the staging root could not be made (above)"
	tap_done
	exit
fi

vm_script "VMware, production module" --system --overlay "$root" --overlay "$extra" -- \
	/tests/system.sh vmware "$kver"
vm_script "not VMware" --system --no-vmware --overlay "$root" --overlay "$extra" -- \
	/tests/system.sh novmware "$kver"

# Boot 3: the test build in the DKMS module's place (see the header).
if tap_run "host: the test build (make test-modules)" vm_test_modules; then
	cp "$top/build/kmod-test/vmw_rpc.ko" "$moddir/updates/dkms/vmw_rpc.ko"
	cp "$top/build/kmod-test/vmw_rpc_sim.ko" "$extra/root/"
	tap_run "host: depmod -b ROOT again (test build)" depmod -b "$root" "$kver"
	vm_script "VMware, test build + simulated host" --system --overlay "$root" \
		--overlay "$extra" -- /tests/system.sh sim "$kver"
fi
tap_done
