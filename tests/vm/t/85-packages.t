#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages, built, checked, installed as a user would, booted,
# upgraded and purged (README "On a VMware guest").
#
# On the host:
#   - "debian/rules clean" removes a module build's files from a clone
#     (make modules against the 6.1 and the newest 6.12-or-later headers)
#   - a clean checkout (git clone of this tree's HEAD: uncommitted changes
#     are not tested) builds the five packages with
#     "dpkg-buildpackage -us -uc -b" (DEB_BUILD_OPTIONS=nocheck: the unit
#     tier runs those tests); lintian reports no error and no warning
#   - vmw-rpc-tools holds userspace/udev's rule once, byte for byte, in
#     this release's udev directory (udev.pc's udevdir: /lib/udev on
#     bookworm, where dh_installudev puts it), and its sysusers.d file as
#     /usr/lib/sysusers.d/vmw_rpc.conf (tests/system/debian.t checks the
#     source package: Build-Depends, clean, dpkg-source)
#   - "the system": a private mount namespace (this script re-runs itself
#     under unshare -m) with an overlayfs over the host's / whose upper and
#     work directories are on a tmpfs; /proc, /sys and /dev bound in, and
#     the .debs on /mnt; dpkg -i of all five in a chroot into it. So the
#     upper directory is exactly what the installation changed, and the
#     host's /usr/src, /var/lib/dkms and /lib/modules stay untouched (the
#     test checks). The chroot stands for a guest running Debian's 6.1
#     kernel ($kver): dkms's postinst picks kernels by the running one,
#     which is the host's and not installed there, so a bind-mounted
#     /etc/dkms/framework.conf sets autoinstall_all_kernels and the other
#     kernels' headers are hidden (empty tmpfs): DKMS builds for $kver only.
#   - pc-guestinfo.c built in the chroot with
#     "pkg-config --cflags --libs vmwrpc" against the installed -dev package
# What differs from a real guest: the upper directory goes to the guest
# (tests/vm/run --system --overlay) without overlayfs's whiteouts, with
# /lib/modules/$kver's indexes made again by depmod for what is there (the
# host's indexes name every module of the kernel; the guest has only the
# installed one), and a merged-/usr host's usr/lib/modules moved to the
# guest's real /lib/modules. The guest's busybox base is not Debian: the packages are
# installed on the host, never in the guest.
#
# Boots (udev, coldplug, no insmod; tests/vm/guest/system.sh):
#   1. VMware DMI, the packages' module: udev loads it by its DMI alias;
#      /dev/vmw_rpc is root:vmwrpc 0660; a group member opens it.
#   2. guestinfo: as in 80-system.t's third boot, the test build in the
#      DKMS module's place and the simulated host behind it; a group member
#      reads guestinfo with vmw-rpc, vmw-rpctool and pc-guestinfo.
#   3. after an upgrade to packages of a higher version (dkms.conf and
#      debian/changelog bumped in the clone, built again; with dkms.conf
#      alone bumped, debian/rules refuses to build): DKMS installed the new
#      module version and removed the old one; boot 1 again.
# Then dpkg --purge of the five packages: the upper directory holds no file
# of theirs (compared with before the installation, apart from dpkg's
# database and logs and the caches its triggers refresh) and DKMS knows
# nothing of vmw_rpc.
set -uo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

top=$tap_top
kver=$("$top/tests/deps.sh" --kver 2>/dev/null || true)
why=
if [ "$(id -u)" -ne 0 ]; then
	why="needs root (unshare, mount, chroot, dpkg)"
else
	for c in dpkg-buildpackage dh dh_dkms lintian dkms unshare udevadm git; do
		command -v "$c" >/dev/null || { why="no $c (tests/deps.sh installs it)"; break; }
	done
fi
if [ -z "$why" ] && { [ -z "$kver" ] || [ ! -f "/lib/modules/$kver/modules.builtin" ]; }; then
	why="no Debian 6.1 kernel with modules and headers (tests/deps.sh)"
fi
if [ -n "$why" ]; then
	tap_skip "the Debian packages, built, installed, booted, upgraded, purged" "$why"
	tap_done
	exit
fi

# Everything below in a private mount namespace: its mounts end with it.
if [ "${VMW_PKG_NS:-}" != 1 ]; then
	VMW_PKG_NS=1 exec unshare -m "$0" "$@"
fi
mount --make-rprivate /

work=$(mktemp -d "${TMPDIR:-/tmp}/vmw-packages.XXXXXX")
trap 'umount -R "$work/ov" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/ov" "$work/debs" "$work/out"
mount -t tmpfs tmpfs "$work/ov"
mkdir -p "$work/ov/upper" "$work/ov/work" "$work/ov/root"
upper=$work/ov/upper
root=$work/ov/root

# The host's DKMS and module state, to show that nothing changed it.
host_state() {
	{
		dkms status 2>&1
		ls -la /usr/src /var/lib/dkms "/lib/modules/$kver" "/lib/modules/$kver/updates" 2>&1
	} | sha256sum
}
host_before=$(host_state)

# ---- build -------------------------------------------------------------
src=$work/src/vmw-rpc
tap_run "git clone of HEAD" git clone -q "$top" "$src"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/dkms.conf")
# A module build's leftovers ("make modules" in the tree, against the 6.1
# headers and the newest 6.12-or-later ones: Kbuild's files differ, e.g.
# 6.11's .module-common.o) go with "debian/rules clean", as a source
# package must not carry them: the clone is exactly the checkout again (no
# untracked or ignored file).
kdirs=("$("$top/tests/deps.sh" --kdir)")
kdir_new=$("$top/tests/deps.sh" --kdir-new 2>/dev/null || true)
[ -n "$kdir_new" ] && kdirs+=("$kdir_new")
for d in "${kdirs[@]}"; do
	tap_run "make modules KDIR=$d in the clone" make -C "$src" modules KDIR="$d"
done
tap_run "debian/rules clean" sh -c 'cd "$1" && debian/rules clean' sh "$src"
tap_is "$(git -C "$src" status --porcelain --ignored)" "" \
	"it removed the module builds' files (${kdirs[*]##*/})"
build() { # into $work/debs/$1 (the debug symbols' packages apart)
	(cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) &&
		mkdir -p "$work/debs/$1" "$work/dbgsym" &&
		mv "$work/src"/*-dbgsym_*.deb "$work/dbgsym/" &&
		mv "$work/src"/*.deb "$work/src"/*.changes "$work/src"/*.buildinfo "$work/debs/$1/"
}
if ! tap_run "dpkg-buildpackage -us -uc -b ($ver)" build old; then
	tap_done
	exit
fi
debs_old=$(cd "$work/debs/old" && echo ./*.deb)
is_five() { [ "$(echo "$1" | wc -w)" = 5 ]; }
is_five "$debs_old"
tap_ok $? "five packages: $debs_old"
lint() {
	lintian "$work/debs/$1"/*.changes >"$work/lintian.log" 2>&1 || true
	! grep -E '^[EW]: ' "$work/lintian.log"
}
tap_run "lintian: no error and no warning" lint old
tools_deb=$(echo "$work/debs/old"/vmw-rpc-tools_*.deb)
deb_files() { dpkg-deb --fsys-tarfile "$tools_deb" | tar -t; }
deb_same() { # MEMBER FILE: the package's MEMBER has FILE's bytes
	dpkg-deb --fsys-tarfile "$tools_deb" | tar -xO "$1" | cmp - "$2"
}
rule=$(cd "$src/userspace/udev" && echo *.rules)
udevdir=$(pkg-config --variable=udevdir udev 2>/dev/null || true)
if [ -z "$udevdir" ]; then
	tap_skip "vmw-rpc-tools: the udev rule in this release's udev directory" \
		"no udev.pc on this host to name it (package udev on bookworm)"
else
	member=./${udevdir#/}/rules.d/$rule
	tap_is "$(deb_files | grep -E '/rules\.d/.' || true)" "$member" \
		"vmw-rpc-tools: one udev rule, $member"
	tap_run "it is userspace/udev/$rule, byte for byte" deb_same "$member" "$src/userspace/udev/$rule"
fi
member=./usr/lib/sysusers.d/vmw_rpc.conf
tap_is "$(deb_files | grep -E '/sysusers\.d/.' || true)" "$member" \
	"vmw-rpc-tools: one sysusers.d file, $member"
tap_run "it is userspace/udev/vmw_rpc.sysusers, byte for byte" \
	deb_same "$member" "$src/userspace/udev/vmw_rpc.sysusers"

# ---- the system: an overlay over / -----------------------------------
# The kernels other than $kver: their headers hidden from DKMS.
other_headers=()
for d in /lib/modules/*/build; do
	case $d in "/lib/modules/$kver/build") continue ;; esac
	[ -d "$d/" ] && other_headers+=("$(readlink -f "$d")")
done
printf '%s\nautoinstall_all_kernels="yes"\n' "$(cat /etc/dkms/framework.conf 2>/dev/null)" \
	>"$work/framework.conf"

mount -t overlay overlay -o "lowerdir=/,upperdir=$upper,workdir=$work/ov/work" "$root"
for d in proc sys dev; do
	mount --rbind "/$d" "$root/$d"
done
mount --bind "$work/debs" "$root/mnt"
mount --bind "$work/framework.conf" "$root/etc/dkms/framework.conf"
for d in "${other_headers[@]}"; do
	mount -t tmpfs tmpfs "$root$d"
done
inroot() { chroot "$root" "$@"; }

# What the upper directory holds that the host's / does not: new files,
# directories and symlinks, and whiteouts (host files deleted); not dpkg's
# database and logs, nor the caches its triggers (ldconfig, man-db)
# rebuild. Host files changed in place (such as depmod's indexes) are
# state, not the packages' files.
upper_list() {
	(cd "$upper" && find . -mindepth 1 \( -type c -printf 'deleted %p\n' -o -printf 'new %p\n' \)) |
		grep -v -E ' \./(var/lib/dpkg|var/log|var/cache/man|var/cache/debconf|etc/ld\.so\.cache)(/|$)' |
		while read -r t p; do
			if [ "$t" = new ] && { [ -e "/${p#./}" ] || [ -L "/${p#./}" ]; }; then
				continue
			fi
			echo "$t $p"
		done | LC_ALL=C sort
}
upper_before=$(upper_list)

install_debs() { # SET
	# shellcheck disable=SC2016 # expanded by the chroot's sh
	inroot sh -c 'cd "/mnt/$1" && dpkg -i ./*.deb' sh "$1"
}
tap_run "chroot: dpkg -i of the five packages ($ver)" install_debs old || true
upper_list | grep -c -x "new \./usr/src/vmw_rpc-$ver" >/dev/null
tap_ok $? "the upper directory shows the installation (/usr/src/vmw_rpc-$ver is new)"
dkms_status() { inroot dkms status -m vmw_rpc 2>&1 | sed 's/: */: /'; }
is_status() {
	local got
	got=$(dkms_status)
	[ "$got" = "$1" ] && return 0
	echo "$got" | tap_diag
	return 1
}
is_status "vmw_rpc/$ver, $kver, x86_64: installed"
tap_ok $? "dkms status: vmw_rpc/$ver installed for $kver only"
ko=/lib/modules/$kver/updates/dkms/vmw_rpc.ko
is_version() { [ "$(modinfo -F version "$root$ko" 2>/dev/null)" = "$1" ]; }
is_version "$ver"
tap_ok $? "$ko has version $ver"
[ "$(host_state)" = "$host_before" ]
tap_ok $? "the host's DKMS state, /usr/src and /lib/modules/$kver are unchanged"
cp "$top/tests/system/progs/pc-guestinfo.c" "$work/debs/"
pc_build() {
	# shellcheck disable=SC2016 # expanded by the chroot's sh
	inroot sh -c 'gcc -O2 -Wall -Wextra -Werror -o /mnt/pc-guestinfo /mnt/pc-guestinfo.c $(pkg-config --cflags --libs vmwrpc)'
}
# The compatibility package: vmware-rpctool is our link (no open-vm-tools
# on the host, which it conflicts with).
tap_is "$(readlink "$root/usr/bin/vmware-rpctool")" vmw-rpctool \
	"vmw-rpctool-compat: /usr/bin/vmware-rpctool -> vmw-rpctool"
# Without an argument: its usage, or off VMware (this host may be any
# machine) vmware-rpctool's refusal, which names it as invoked too.
first=$(inroot vmware-rpctool 2>&1 >/dev/null | sed -n 1p)
case $first in
"Usage: vmware-rpctool COMMAND" | \
"Error: vmware-rpctool must be run inside a virtual machine on a VMware hypervisor product.") r=0 ;;
*) r=1 ;;
esac
tap_ok "$r" "called by that name, it names itself so (got: $first)"
tap_run "chroot: pc-guestinfo.c built with pkg-config --cflags --libs vmwrpc (the installed -dev package)" pc_build || true

# The guest's overlay: the upper directory without whiteouts (character
# devices 0:0), with the module indexes remade for the modules it holds.
guest_tree() { # DIR
	rm -rf "$1" && mkdir -p "$1"
	(cd "$upper" && find . ! -type c -print0 | cpio -0 -pdm --quiet "$1")
	# A merged-/usr host (/lib -> usr/lib) wrote /lib/modules into
	# usr/lib; the guest's base has a real /lib.
	if [ -L /lib ] && [ -d "$1/usr/lib/modules" ]; then
		mkdir -p "$1/lib" && mv "$1/usr/lib/modules" "$1/lib/modules"
	fi
	local m=$1/lib/modules/$kver f
	rm -f "$m"/modules.*
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "/lib/modules/$kver/$f" "$m/"
	done
	depmod -b "$1" "$kver"
}
extra=$work/extra
mkdir -p "$extra/usr/local/bin" "$extra/root"
[ -f "$work/debs/pc-guestinfo" ] && cp "$work/debs/pc-guestinfo" "$extra/usr/local/bin/"

boot_installed() { # NAME MODE VERSION: the packages' module
	if tap_run "host: the guest's tree from the upper directory" guest_tree "$work/guest"; then
		vm_script "$1" --system --overlay "$work/guest" --overlay "$extra" -- \
			/tests/system.sh "$2" "$kver" "$3"
	fi
}
boot_installed "installed packages, VMware" vmware "$ver"

# Boot 2: the test build in the DKMS module's place (80-system.t, boot 3).
if tap_run "host: the test build (make test-modules)" vm_test_modules; then
	cp "$top/build/kmod-test/vmw_rpc.ko" "$work/guest/$ko"
	cp "$top/build/kmod-test/vmw_rpc_sim.ko" "$extra/root/"
	tap_run "host: depmod again (test build)" depmod -b "$work/guest" "$kver" || true
	vm_script "installed packages, test build + simulated host" --system \
		--overlay "$work/guest" --overlay "$extra" -- /tests/system.sh sim "$kver"
	rm -f "$extra/root/vmw_rpc_sim.ko"
fi

# ---- upgrade -----------------------------------------------------------
new=${ver%.*}.$((${ver##*.} + 1))
tap_run "clone: dkms.conf at $new" \
	sed -i "s/^PACKAGE_VERSION=\"$ver\"$/PACKAGE_VERSION=\"$new\"/" "$src/dkms.conf" || true
# dkms.conf's version is the one source: a changelog naming another stops
# the build (debian/rules, before dh runs).
refuses() {
	! (cd "$src" && debian/rules clean) >"$work/rules.log" 2>&1 &&
		grep -q "is not dkms.conf's PACKAGE_VERSION \"$new\"" "$work/rules.log"
}
refuses
tap_ok $? "debian/rules refuses to build while debian/changelog still names $ver"
bump() {
	{
		printf 'vmw-rpc (%s) unstable; urgency=medium\n\n  * Test upgrade.\n\n' "$new"
		printf ' -- %s  %s\n\n' "$(sed -n 's/^Maintainer: //p' "$src/debian/control")" "$(date -R)"
		cat "$src/debian/changelog"
	} >"$work/changelog" && mv "$work/changelog" "$src/debian/changelog"
	rm -rf "$src/debian/build"
}
tap_run "clone: debian/changelog at $new" bump || true
if tap_run "dpkg-buildpackage -us -uc -b ($new)" build new &&
   tap_run "chroot: dpkg -i of the five packages ($new), an upgrade" install_debs new; then
	is_status "vmw_rpc/$new, $kver, x86_64: installed"
	tap_ok $? "dkms status: only vmw_rpc/$new, installed for $kver ($ver removed)"
	[ ! -e "$root/usr/src/vmw_rpc-$ver" ] && [ ! -e "$root/var/lib/dkms/vmw_rpc/$ver" ]
	tap_ok $? "$ver's sources and DKMS tree are gone"
	is_version "$new"
	tap_ok $? "$ko has version $new"
	boot_installed "upgraded packages, VMware" vmware "$new"
fi

# ---- purge -------------------------------------------------------------
purge() {
	inroot dpkg --purge vmw-rpctool-compat vmw-rpc-tools libvmwrpc-dev libvmwrpc1 vmw-rpc-dkms
}
tap_run "chroot: dpkg --purge of the five packages" purge || true
is_status ""
tap_ok $? "dkms status knows nothing of vmw_rpc"
left=$(diff <(echo "$upper_before") <(upper_list) | sed -n 's/^> //p' || true)
# DKMS's signing key (/var/lib/dkms/mok.*, the dkms package's) and the
# group vmwrpc (system groups stay on purge) are not the packages' files.
left=$(echo "$left" | grep -v -E ' \./(var/lib/dkms|var/lib/dkms/mok\.(key|pub)|etc/(group|gshadow)-?)$' || true)
is_empty() { [ -z "$1" ]; }
is_empty "$left"
tap_ok $? "after the purge the upper directory holds nothing of the packages"
[ -z "$left" ] || echo "$left" | sed -n 1,30p | tap_diag
[ "$(host_state)" = "$host_before" ]
tap_ok $? "the host's DKMS state, /usr/src and /lib/modules/$kver are still unchanged"
tap_done
