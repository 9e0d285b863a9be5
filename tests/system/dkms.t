#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS, for real, on this host (root): "make system-install" (which runs
# "make dkms-install" and "make install") and a plain
# "dkms add DIR" of a source checkout, each built and installed for the
# Debian 6.1 kernel (tests/deps.sh --kver, not the running kernel, whose
# headers CI machines lack), then removed again.
#
# Checks the contract of README "On a VMware guest" and docs/driver.md
# "Loading": only the module's sources go to /usr/src/vmw_rpc-VERSION; the
# installed module is the production build (no test-hook symbols, nothing
# exported), carries dkms.conf's version and the DMI alias, and modprobe
# resolves a VMware DMI modalias to it and a QEMU one to nothing; removal
# leaves nothing in /usr/src, /var/lib/dkms or /lib/modules.
#
# This changes the host: it refuses (skips) when vmw_rpc is in DKMS
# already, and removes what it installed on any exit. DKMS creates its
# module signing key /var/lib/dkms/mok.{key,pub} on first use; the test
# deletes it again only when it created it, and likewise the group
# vmwrpc that make install creates.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/lib.sh"

ver=$(pkg_version)
kver=$("$st_top/tests/deps.sh" --kver 2>/dev/null || true)
src=/usr/src/vmw_rpc-$ver
mods=/lib/modules/$kver/updates/dkms
ko=$mods/vmw_rpc.ko
alias_expected='dmi:*:svnVMware*:*'
# udev's MODALIAS for /sys/class/dmi/id on a VMware VM and on QEMU's pc
# machine (the kernel's dmi_id modalias format: spaces dropped).
vmware_alias='dmi:bvnPhoenixTechnologiesLTD:bvr6.00:bd11/12/2020:br4.6:efr0.0:svnVMware,Inc.:pnVMwareVirtualPlatform:pvrNone:rvnIntelCorporation:rn440BXDesktopReferencePlatform:rvrNone:cvnNoEnclosure:ct1:cvrN/A:sku:'
qemu_alias='dmi:bvnSeaBIOS:bvr1.16.2-debian-1.16.2-1:bd04/01/2014:br0.0:svnQEMU:pnStandardPC(i440FX+PIIX,1996):pvrpc-i440fx-7.2:cvnQEMU:ct1:cvrpc-i440fx-7.2:sku:'

why=
if [ "$(id -u)" -ne 0 ]; then
	why="needs root (it installs into /usr/src, /var/lib/dkms, /lib/modules)"
elif ! command -v dkms >/dev/null; then
	why="no dkms (tests/deps.sh installs it)"
elif [ -z "$kver" ] || [ ! -d "/lib/modules/$kver/build" ]; then
	why="no Debian 6.1 kernel with headers (tests/deps.sh)"
elif [ -n "$(dkms status -m vmw_rpc 2>/dev/null)" ] || [ -e "$src" ]; then
	why="vmw_rpc is in DKMS or $src exists already (yours? 'make dkms-uninstall' removes it)"
fi
if [ -n "$why" ]; then
	tap_skip "DKMS install and removal" "$why"
	tap_done
	exit
fi

mok_existed=0
[ -e /var/lib/dkms/mok.key ] && mok_existed=1
group_existed=1
getent group vmwrpc >/dev/null || group_existed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/vmw-dkms.XXXXXX")
cleanup() {
	if [ -n "$(dkms status -m vmw_rpc 2>/dev/null)" ]; then
		dkms remove "vmw_rpc/$ver" --all >/dev/null 2>&1
	fi
	rm -rf "$src" "$work"
	if [ "$mok_existed" = 0 ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	if [ "$group_existed" = 0 ] && getent group vmwrpc >/dev/null; then
		groupdel vmwrpc
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The installed module, checked against the contract.
check_installed() { # LABEL
	local l=$1 syms
	tap_is "$(dkms status -m vmw_rpc -v "$ver" -k "$kver" | sed 's/:.*//; s/ //g')" \
		"vmw_rpc/$ver,$kver,x86_64" "$l: dkms status lists vmw_rpc/$ver for $kver"
	like_status=$(dkms status -m vmw_rpc -v "$ver" -k "$kver")
	case "$like_status" in *": installed"*) tap_ok 0 "$l: dkms says installed" ;;
	*) tap_ok 1 "$l: dkms says installed"; echo "#   $like_status" ;; esac
	if [ ! -f "$ko" ]; then
		tap_ok 1 "$l: $ko exists"
		return
	fi
	tap_ok 0 "$l: $ko exists"
	tap_is "$(modinfo -F alias "$ko")" "$alias_expected" "$l: the module's only alias is the DMI one"
	tap_is "$(modinfo -F version "$ko")" "$ver" "$l: modinfo version is dkms.conf's $ver"
	tap_is "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" "$kver" "$l: built for $kver"
	syms=$(nm "$ko" | grep -E 'vmw_rpc_transport_(attach|detach|real)|__ksymtab_' || true)
	tap_is "$syms" "" "$l: production build: no test-hook symbols, nothing exported"
	# (in-tree vmw_balloon has the same alias)
	tap_is "$(modprobe -S "$kver" -R "$vmware_alias" 2>/dev/null | grep -x vmw_rpc)" vmw_rpc \
		"$l: modprobe resolves a VMware DMI modalias to vmw_rpc (among others)"
	tap_is "$(modprobe -S "$kver" -R "$qemu_alias" 2>/dev/null)" "" \
		"$l: modprobe resolves a QEMU DMI modalias to nothing"
	tap_is "$(modprobe -S "$kver" --show-depends vmw_rpc 2>/dev/null)" "insmod $ko " \
		"$l: modprobe vmw_rpc would load the DKMS module"
}

check_removed() { # LABEL
	local l=$1 left
	tap_is "$(dkms status -m vmw_rpc)" "" "$l: dkms status lists nothing"
	left=$(ls -d /var/lib/dkms/vmw_rpc "$src" "$ko" 2>/dev/null || true)
	tap_is "$left" "" "$l: nothing left in /var/lib/dkms, /usr/src, $mods"
	tap_is "$(grep -c vmw_rpc "/lib/modules/$kver/modules.alias" "/lib/modules/$kver/modules.dep" | grep -vc ':0$')" 0 \
		"$l: depmod forgot it (modules.alias, modules.dep)"
}

# ---- 1. make system-install / system-uninstall -----------------------
# The README's one command (make dkms-install + make install), with the
# userspace part in a scratch PREFIX (install.t checks that part).
pfx=$work/prefix
if tap_run "make system-install KVER=$kver PREFIX=.../prefix" \
	make -C "$st_top" system-install KVER="$kver" PREFIX="$pfx"; then
	expected=$(cd "$st_top" && printf '%s\n' dkms.conf Kbuild driver/*.c driver/*.h uapi/linux/vmw_rpc.h | LC_ALL=C sort)
	got=$(cd "$src" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
	tap_is "$got" "$expected" "$src holds exactly dkms.conf, Kbuild, driver/*.[ch], uapi/linux/vmw_rpc.h"
	check_installed "make system-install"
	[ -f "$pfx/bin/vmw-rpc" ] && [ -f "$pfx/lib/udev/rules.d/60-vmw_rpc.rules" ]
	tap_ok $? "make system-install: the tools and the udev rule are installed too"
fi
tap_run "make system-uninstall KVER=$kver PREFIX=.../prefix" \
	make -C "$st_top" system-uninstall KVER="$kver" PREFIX="$pfx"
check_removed "make system-uninstall"
tap_is "$(find "$pfx" ! -type d 2>/dev/null)" "" "make system-uninstall: no installed file left in PREFIX"

# ---- 2. dkms add DIR of a checkout, as "dkms add ." does -------------
# The checkout: the files git tracks (a fresh clone).
mkdir -p "$work/vmw_rpc"
(cd "$st_top" && git ls-files -z | xargs -0 cp --parents -t "$work/vmw_rpc/")
if tap_run "dkms add DIR (a checkout)" dkms add "$work/vmw_rpc" &&
   tap_run "dkms build -k $kver" dkms build "vmw_rpc/$ver" -k "$kver" &&
   tap_run "dkms install -k $kver" dkms install "vmw_rpc/$ver" -k "$kver"; then
	check_installed "dkms add DIR"
fi
tap_run "dkms remove --all" dkms remove "vmw_rpc/$ver" --all
rm -rf "$src"
check_removed "dkms remove"

tap_done
