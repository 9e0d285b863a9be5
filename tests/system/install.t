#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall against the README's list ("Installed
# files"): into a DESTDIR staging tree with the default PREFIX and with
# PREFIX=/usr, exactly the listed files and symlinks, with their modes;
# vmwrpc.pc leads a program (tests/system/progs/pc-guestinfo.c) to the
# staged header and library; no group is created for a DESTDIR install;
# uninstall leaves no file behind. As root, also a live install (DESTDIR
# empty) into a scratch PREFIX: it creates the system group vmwrpc when
# missing, and uninstall keeps the group, as documented; the test deletes
# the group again when it created it.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/vmw-install.XXXXXX")
group_existed=1
getent group vmwrpc >/dev/null || group_existed=0
cleanup() {
	rm -rf "$work"
	if [ "$group_existed" = 0 ] && getent group vmwrpc >/dev/null; then
		groupdel vmwrpc
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The release version (dkms.conf), which the library reports.
libver=$(pkg_version)

# The README's list for PREFIX ($1, without the leading slash): "path" or
# "path -> target", sorted.
readme_list() {
	sed -n '/^<!-- install-list: begin -->$/,/^<!-- install-list: end -->$/p' "$st_top/README.md" |
		sed -n "s|^    PREFIX/|$1/|p" | LC_ALL=C sort
}

# What a tree holds, in the same form (directories left out).
tree_list() {
	(cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort | while IFS= read -r f; do
		if [ -L "$f" ]; then
			echo "$f -> $(readlink "$f")"
		else
			echo "$f"
		fi
	done)
}

# Files that are not 0644 (programs and the shared library are 0755).
bad_modes() {
	(cd "$1" && find . -type f | while IFS= read -r f; do
		m=$(stat -c %a "$f")
		case "$f" in
		*/bin/* | *.so.*) [ "$m" = 755 ] || echo "$f $m" ;;
		*) [ "$m" = 644 ] || echo "$f $m" ;;
		esac
	done)
}

[ "$(readme_list usr/local | wc -l)" -ge 10 ]
tap_ok $? "the README lists the installed files"

# ---- DESTDIR, default PREFIX -----------------------------------------
st=$work/stage
if run "make install DESTDIR=.../stage" make -C "$st_top" install DESTDIR="$st"; then
	tap_is "$(tree_list "$st")" "$(readme_list usr/local)" \
		"the staged files and symlinks are exactly the README's list (PREFIX=/usr/local)"
	tap_is "$(bad_modes "$st")" "" "modes: 0755 for programs and the library, 0644 for the rest"
	tap_is "$(sed -n 's/^libdir=//p; s/^includedir=//p' "$st/usr/local/lib/pkgconfig/vmwrpc.pc" | tr '\n' ' ')" \
		"/usr/local/lib /usr/local/include " "vmwrpc.pc names PREFIX's directories, not DESTDIR's"
	tap_is "$(grep -v '^#' "$st/usr/local/lib/udev/rules.d/60-vmw_rpc.rules" | grep .)" \
		'KERNEL=="vmw_rpc", SUBSYSTEM=="misc", GROUP="vmwrpc", MODE="0660"' \
		"the udev rule gives /dev/vmw_rpc group vmwrpc, mode 0660"
	tap_is "$(grep -v '^#' "$st/usr/local/lib/sysusers.d/vmw_rpc.conf" | grep .)" 'g vmwrpc -' \
		"the sysusers.d file declares the system group vmwrpc"

	# A program built the documented way against the staged tree.
	export PKG_CONFIG_SYSROOT_DIR=$st PKG_CONFIG_PATH=$st/usr/local/lib/pkgconfig
	flags=$(pkg-config --cflags --libs vmwrpc 2>&1)
	# (the sysroot also lands on libkmod's -I/usr/include: harmless)
	miss=
	for w in "-I$st/usr/local/include" "-L$st/usr/local/lib" -lvmwrpc; do
		case " $flags " in *" $w "*) ;; *) miss="$miss $w" ;; esac
	done
	tap_is "$miss" "" "pkg-config --cflags --libs vmwrpc (sysroot: the staging tree) has the staged -I, -L and -lvmwrpc"
	[ -z "$miss" ] || echo "#   pkg-config said: $flags"
	# shellcheck disable=SC2086 # pkg-config's words
	if run "pc-guestinfo.c compiles and links with those flags (-Wall -Wextra -Werror)" \
		gcc -O2 -Wall -Wextra -Werror -o "$work/pc-guestinfo" \
		"$st_top/tests/system/progs/pc-guestinfo.c" $flags; then
		tap_is "$(readelf -d "$work/pc-guestinfo" | sed -n 's/.*NEEDED.*\[\(libvmwrpc[^]]*\)\].*/\1/p')" \
			libvmwrpc.so.1 "it needs libvmwrpc.so.1 (the SONAME)"
		tap_is "$(LD_LIBRARY_PATH=$st/usr/local/lib "$work/pc-guestinfo" --version 2>&1)" "$libver" \
			"it runs with the staged library: version $libver"
	fi
	unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH
	if [ "$group_existed" = 0 ]; then
		getent group vmwrpc >/dev/null
		tap_is "$?" 2 "no group vmwrpc created by a DESTDIR install"
	else
		tap_skip "no group vmwrpc created by a DESTDIR install" "this host has the group already"
	fi
	run "make uninstall DESTDIR=.../stage" make -C "$st_top" uninstall DESTDIR="$st"
	tap_is "$(tree_list "$st")" "" "uninstall leaves no file or symlink behind"
fi

# ---- DESTDIR, PREFIX=/usr: Debian's places ---------------------------
st=$work/stage-usr
if run "make install DESTDIR=.../stage-usr PREFIX=/usr" \
	make -C "$st_top" install DESTDIR="$st" PREFIX=/usr; then
	tap_is "$(tree_list "$st")" "$(readme_list usr)" \
		"with PREFIX=/usr: the README's list under /usr (udev rule in /usr/lib/udev/rules.d)"
	run "make uninstall DESTDIR=.../stage-usr PREFIX=/usr" \
		make -C "$st_top" uninstall DESTDIR="$st" PREFIX=/usr
	tap_is "$(tree_list "$st")" "" "uninstall (PREFIX=/usr) leaves no file behind"
fi

# ---- live install (DESTDIR empty) into a scratch PREFIX --------------
live=$work/live
if [ "$(id -u)" -ne 0 ]; then
	tap_skip "live install creates the group vmwrpc" "needs root"
else
	if run "make install PREFIX=.../live (DESTDIR empty)" make -C "$st_top" install PREFIX="$live"; then
		tap_is "$(tree_list "$live" | sed "s|^|${live#/}/|")" "$(readme_list "${live#/}")" \
			"the live install's files are the README's list"
		getent group vmwrpc >/dev/null
		tap_ok $? "the group vmwrpc exists after a live install"
		gid=$(getent group vmwrpc | cut -d: -f3)
		sys_gid_max=$(sed -n 's/^SYS_GID_MAX[[:space:]]\+//p' /etc/login.defs)
		[ -n "$gid" ] && [ "$gid" -lt "${sys_gid_max:-1000}" ]
		tap_ok $? "vmwrpc is a system group (gid $gid < ${sys_gid_max:-1000})"
		run "make uninstall PREFIX=.../live" make -C "$st_top" uninstall PREFIX="$live"
		tap_is "$(tree_list "$live")" "" "live uninstall leaves no file behind"
		getent group vmwrpc >/dev/null
		tap_ok $? "live uninstall keeps the group vmwrpc (users may be in it)"
	fi
fi

tap_done
