#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall against the README's list and directory
# defaults ("Installed files"): into a DESTDIR staging tree with the
# default PREFIX and with PREFIX=/usr, exactly the listed files and
# symlinks, with their modes (the shared library 0644, lintian's
# shared-library-is-executable); the ABI header in INCLUDEDIR/vmwrpc, not
# in /usr/include/linux; LIBDIR the multiarch directory; the udev and
# sysusers directories from udev's and systemd's .pc files with
# PREFIX=/usr, a fallback without them, and overridable; one man page link
# per public function, every SEE ALSO page exists, and vmw-rpctool(1) has
# the driver's max_reply default; vmwrpc.pc leads a program
# (tests/system/progs/pc-guestinfo.c) to the staged header and library; no
# group is created for a DESTDIR install; uninstall leaves no file behind.
#
# Flags: the caller's CPPFLAGS, CFLAGS and LDFLAGS reach every compile and
# link (make -n), -Werror only with WERROR=1, the default build is
# hardened (checked in the installed ELF files); no RUNPATH by default,
# and "make install RPATH=" after a build with one installs none. No
# installed file needs libkmod (it is dlopen()ed when the module must be
# loaded or diagnosed), and vmwrpc.pc requires nothing.
#
# As root, also a live install (DESTDIR empty) into a scratch PREFIX: it
# creates the system group vmwrpc when missing, and uninstall keeps the
# group, as documented; the test deletes the group again when it created
# it. VMWARE_RPCTOOL=1 there refuses (non-zero, the reason, nothing
# installed) with another vmware-rpctool in PATH or COMPAT_SYSTEM_DIRS or
# with the link's path owned by dpkg (a fake dpkg); uninstall leaves a
# dpkg-owned link and another file alone. In a private overlay of /usr
# and /etc (a mount namespace), the Debian packages' /usr/bin/vmw-rpctool
# and /usr/bin/vmware-rpctool -> vmw-rpctool survive uninstall and make
# install refuse, with PREFIX=/usr, /usr/, / (merged /usr), DESTDIR=/,
# and packages that name /bin/... (from before merged /usr).
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
multiarch=$(cc -print-multiarch 2>/dev/null)
# The public functions (the library's version script).
funcs=$(sed -n 's/^[[:space:]]*\(vmwrpc_[A-Za-z0-9_]*\)[[:space:]]*;.*/\1/p' \
	"$st_top/userspace/lib/libvmwrpc.map")

# The README's list for PREFIX ($1) with the README's directory defaults,
# as paths without the leading slash ("path" or "path -> target"),
# sorted; FUNCTION.3 becomes one page per public function.
readme_list() {
	local p=$1 udev=$1/lib/udev/rules.d sysusers=$1/lib/sysusers.d f
	if [ "$p" = /usr ]; then
		udev=$(pkg-config --variable=udevdir udev)/rules.d
		sysusers=$(pkg-config --variable=sysusersdir systemd)
	fi
	sed -n '/^<!-- install-list: begin -->$/,/^<!-- install-list: end -->$/p' "$st_top/README.md" |
		sed -n 's/^    //p' | grep -v '^<' | while IFS= read -r l; do
			case $l in
			*/FUNCTION.3)
				for f in $funcs; do echo "${l%FUNCTION.3}$f.3"; done ;;
			*) echo "$l" ;;
			esac
		done |
		sed -e "s|^BINDIR/|$p/bin/|" -e "s|^INCLUDEDIR/|$p/include/|" \
		    -e "s|^LIBDIR/|$p/lib${multiarch:+/$multiarch}/|" \
		    -e "s|^MANDIR/|$p/share/man/|" -e "s|^UDEVRULESDIR/|$udev/|" \
		    -e "s|^SYSUSERSDIR/|$sysusers/|" -e 's|^/||' | LC_ALL=C sort
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

# Files that are not 0644 (programs are 0755, the shared library is not
# executable).
bad_modes() {
	(cd "$1" && find . -type f | while IFS= read -r f; do
		m=$(stat -c %a "$f")
		case "$f" in
		*/bin/*) [ "$m" = 755 ] || echo "$f $m" ;;
		*) [ "$m" = 644 ] || echo "$f $m" ;;
		esac
	done)
}

# The ELF files of a tree that have a RUNPATH or RPATH.
with_runpath() {
	find "$1" -type f \( -path '*/bin/*' -o -name '*.so.*' \) | while IFS= read -r f; do
		readelf -d "$f" | grep -c -E '\((RUNPATH|RPATH)\)' >/dev/null && echo "${f#"$1"/}"
	done
}

[ "$(readme_list /usr/local | wc -l)" -ge 30 ]
tap_ok $? "the README lists the installed files (with a man page per function)"
[ -n "$multiarch" ]
tap_ok $? "the compiler names a multiarch directory ($multiarch), which LIBDIR uses"

# ---- DESTDIR, default PREFIX -----------------------------------------
st=$work/stage
lib=$st/usr/local/lib${multiarch:+/$multiarch}
if tap_run "make install DESTDIR=.../stage" make -C "$st_top" install DESTDIR="$st"; then
	tap_is "$(tree_list "$st")" "$(readme_list /usr/local)" \
		"the staged files and symlinks are exactly the README's list (PREFIX=/usr/local)"
	tap_is "$(bad_modes "$st")" "" "modes: 0755 for programs, 0644 for the rest (the shared library too)"
	tap_is "$(ls -A "$st/usr/local/include/linux" 2>/dev/null)" "" \
		"nothing in INCLUDEDIR/linux (linux-libc-dev's /usr/include/linux)"
	tap_is "$(sed -n 's/^libdir=//p; s/^includedir=//p' "$lib/pkgconfig/vmwrpc.pc" | tr '\n' ' ')" \
		"/usr/local/lib/$multiarch /usr/local/include " "vmwrpc.pc names PREFIX's directories, not DESTDIR's"
	tap_is "$(grep -v '^#' "$st/usr/local/lib/udev/rules.d/60-vmw_rpc.rules" | grep .)" \
		'KERNEL=="vmw_rpc", SUBSYSTEM=="misc", GROUP="vmwrpc", MODE="0660"' \
		"the udev rule gives /dev/vmw_rpc group vmwrpc, mode 0660"
	tap_is "$(grep -v '^#' "$st/usr/local/lib/sysusers.d/vmw_rpc.conf" | grep .)" 'g vmwrpc -' \
		"the sysusers.d file declares the system group vmwrpc"
	tap_is "$(with_runpath "$st")" "" "no RUNPATH or RPATH in the installed programs and library"

	# Hardening of the default build, as the installed files show it.
	bad=
	for f in "$st/usr/local/bin/vmw-rpc" "$st/usr/local/bin/vmw-rpctool" "$lib/libvmwrpc.so.1.0.0"; do
		d=$(readelf -d "$f")
		readelf -lW "$f" | grep -c GNU_RELRO >/dev/null || bad="$bad ${f##*/}:relro"
		grep -q 'BIND_NOW' <<<"$d" || bad="$bad ${f##*/}:now"
		nm -D "$f" | grep -c ' U __stack_chk_fail' >/dev/null || bad="$bad ${f##*/}:stack-protector"
		nm -D "$f" | grep -c ' U __.*printf_chk' >/dev/null || bad="$bad ${f##*/}:fortify"
		case $f in */bin/*)
			grep -q 'Flags:.* PIE' <<<"$d" || bad="$bad ${f##*/}:pie" ;;
		esac
	done
	tap_is "$bad" "" "default flags: RELRO, BIND_NOW, stack protector, fortify; the tools are PIEs"

	# libkmod (and its libcrypto, liblzma, libzstd) is not loaded at
	# start-up: the library dlopen()s it when it must (lib/diag.c).
	needed=
	for f in "$st/usr/local/bin/vmw-rpc" "$st/usr/local/bin/vmw-rpctool" "$lib/libvmwrpc.so.1.0.0"; do
		needed="$needed ${f##*/}:$(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ,)"
	done
	tap_is "$needed" " vmw-rpc:libvmwrpc.so.1,libc.so.6, vmw-rpctool:libc.so.6, libvmwrpc.so.1.0.0:libc.so.6," \
		"vmw-rpc needs only libvmwrpc and libc, vmw-rpctool (the library linked in) and the library only libc: no libkmod at start-up"
	grep -q '^Requires' "$lib/pkgconfig/vmwrpc.pc"
	tap_is "$?" 1 "vmwrpc.pc requires no other package (no libkmod)"

	# man vmwrpc_call: the link page leads to vmwrpc(3).
	tap_is "$(MANPATH=$st/usr/local/share/man man -w vmwrpc_call 2>&1)" \
		"$st/usr/local/share/man/man3/vmwrpc.3" "man vmwrpc_call opens vmwrpc(3)"
	tap_is "$(cat "$st/usr/local/share/man/man3/vmwrpc_guestinfo_get.3")" ".so man3/vmwrpc.3" \
		"a function's page is '.so man3/vmwrpc.3'"

	# The pages render cleanly: no stray control bytes (a "\f" that a
	# script turned into a form feed), no groff warning.
	man=$st/usr/local/share/man
	tap_is "$(grep -lP '[\x00-\x08\x0b-\x1f\x7f]' "$man"/man1/*.1 "$man"/man3/*.3 || true)" "" \
		"the man pages hold no control bytes"
	tap_is "$(for p in "$man"/man1/*.1 "$man/man3/vmwrpc.3"; do groff -man -Tutf8 -ww -z "$p" 2>&1; done)" "" \
		"groff -ww renders every man page without a warning"

	# Every SEE ALSO page exists: the staged ones or the system's.
	miss=
	for page in "$st"/usr/local/share/man/man1/*.1 "$st/usr/local/share/man/man3/vmwrpc.3"; do
		refs=$(sed -n '/^\.SH "\{0,1\}SEE ALSO/,/^\.SH/s/^\.BR \([^ ]*\) (\([0-9]\)).*/\2 \1/p' "$page")
		[ -n "$refs" ] || miss="$miss ${page##*/}:no-SEE-ALSO"
		while read -r sec name; do
			[ -n "$name" ] || continue
			man -w -M "$st/usr/local/share/man:/usr/share/man" "$sec" "$name" >/dev/null 2>&1 ||
				miss="$miss ${page##*/}:$name($sec)"
		done <<<"$refs"
	done
	tap_is "$miss" "" "every page named in SEE ALSO exists (staged or on this host)"

	# vmw-rpctool(1) states the reply cap: the driver's max_reply default.
	maxr=$(sed -n 's/^#define VMW_MAX_REPLY_DEFAULT[[:space:]]*\([0-9]*\).*/\1/p' "$st_top/driver/main.c")
	grep -q "default $maxr," "$st/usr/local/share/man/man1/vmw-rpctool.1"
	tap_ok $? "vmw-rpctool(1) gives max_reply's default, $maxr bytes, from driver/main.c"

	# A program built the documented way against the staged tree.
	export PKG_CONFIG_SYSROOT_DIR=$st PKG_CONFIG_PATH=$lib/pkgconfig
	flags=$(pkg-config --cflags --libs vmwrpc 2>&1)
	miss=
	for w in "-I$st/usr/local/include" "-I$st/usr/local/include/vmwrpc" "-L$lib" -lvmwrpc; do
		case " $flags " in *" $w "*) ;; *) miss="$miss $w" ;; esac
	done
	tap_is "$miss" "" "pkg-config --cflags --libs vmwrpc (sysroot: the staging tree) has -I INCLUDEDIR and INCLUDEDIR/vmwrpc, -L and -lvmwrpc"
	[ -z "$miss" ] || echo "#   pkg-config said: $flags"
	# shellcheck disable=SC2086 # pkg-config's words
	if tap_run "pc-guestinfo.c (vmwrpc.h, which includes <linux/vmw_rpc.h>) compiles and links with those flags (-Wall -Wextra -Werror)" \
		gcc -O2 -Wall -Wextra -Werror -o "$work/pc-guestinfo" \
		"$st_top/tests/system/progs/pc-guestinfo.c" $flags; then
		tap_is "$(readelf -d "$work/pc-guestinfo" | sed -n 's/.*NEEDED.*\[\(libvmwrpc[^]]*\)\].*/\1/p')" \
			libvmwrpc.so.1 "it needs libvmwrpc.so.1 (the SONAME)"
		tap_is "$(LD_LIBRARY_PATH=$lib "$work/pc-guestinfo" --version 2>&1)" "$libver" \
			"it runs with the staged library: version $libver"
	fi
	unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH
	if [ "$group_existed" = 0 ]; then
		getent group vmwrpc >/dev/null
		tap_is "$?" 2 "no group vmwrpc created by a DESTDIR install"
	else
		tap_skip "no group vmwrpc created by a DESTDIR install" "this host has the group already"
	fi
	tap_run "make uninstall DESTDIR=.../stage" make -C "$st_top" uninstall DESTDIR="$st"
	tap_is "$(tree_list "$st")" "" "uninstall leaves no file or symlink behind"
fi

# ---- DESTDIR, PREFIX=/usr: Debian's places ---------------------------
st=$work/stage-usr
if tap_run "make install DESTDIR=.../stage-usr PREFIX=/usr" \
	make -C "$st_top" install DESTDIR="$st" PREFIX=/usr; then
	tap_is "$(tree_list "$st")" "$(readme_list /usr)" \
		"with PREFIX=/usr: the README's list, udev and sysusers.d where their .pc files say"
	tap_run "make uninstall DESTDIR=.../stage-usr PREFIX=/usr" \
		make -C "$st_top" uninstall DESTDIR="$st" PREFIX=/usr
	tap_is "$(tree_list "$st")" "" "uninstall (PREFIX=/usr) leaves no file behind"
fi
# ---- the compatibility name, opt-in --------------------------------
st=$work/stage-compat
if tap_run "make install DESTDIR=.../stage-compat VMWARE_RPCTOOL=1" \
	make -C "$st_top" install DESTDIR="$st" VMWARE_RPCTOOL=1; then
	tap_is "$(tree_list "$st")" "$(printf '%s\n' "$(readme_list /usr/local)" \
		"usr/local/bin/vmware-rpctool -> vmw-rpctool" | LC_ALL=C sort)" \
		"VMWARE_RPCTOOL=1: the README's list and BINDIR/vmware-rpctool -> vmw-rpctool"
	tap_run "installing again over our own link works" \
		make -C "$st_top" install DESTDIR="$st" VMWARE_RPCTOOL=1
	tap_run "make uninstall" make -C "$st_top" uninstall DESTDIR="$st"
	tap_is "$(tree_list "$st")" "" "uninstall removes our vmware-rpctool link too"
fi
# Someone else's vmware-rpctool (open-vm-tools'): refused, left alone.
mkdir -p "$st/usr/local/bin"
printf 'not ours\n' >"$st/usr/local/bin/vmware-rpctool"
out=$(make -C "$st_top" install DESTDIR="$st" VMWARE_RPCTOOL=1 2>&1)
tap_ok $((! $?)) "VMWARE_RPCTOOL=1 over another vmware-rpctool fails"
case $out in *"vmware-rpctool exists and is not a link to vmw-rpctool"*) r=0 ;; *) r=1 ;; esac
tap_ok $r "and says why"
[ "$r" = 0 ] || printf '%s\n' "$out" | tail -n 3 | tap_diag
tap_is "$(tree_list "$st")" "usr/local/bin/vmware-rpctool" "it installed nothing and left that file as it was"
tap_run "make uninstall with another vmware-rpctool" make -C "$st_top" uninstall DESTDIR="$st"
tap_is "$(cat "$st/usr/local/bin/vmware-rpctool")" "not ours" "uninstall leaves another vmware-rpctool alone"
ln -s /usr/bin/vmtoolsd "$st/usr/local/bin/vmware-rpctool.new" && mv -T "$st/usr/local/bin/vmware-rpctool.new" "$st/usr/local/bin/vmware-rpctool"
make -C "$st_top" install DESTDIR="$st" VMWARE_RPCTOOL=1 >/dev/null 2>&1
tap_ok $((! $?)) "a link to something else is refused too"
out=$(make -C "$st_top" install DESTDIR="$st" VMWARE_RPCTOOL=yes 2>&1)
tap_ok $((! $?)) "VMWARE_RPCTOOL=yes is an error (1 or unset)"

# The install lists split their entries at ':' (userspace/Makefile): a
# directory with one stops make install and uninstall, nothing touched.
st=$work/stage-colon
mkdir -p "$st"
for t in install uninstall; do
	out=$(make -C "$st_top" "$t" DESTDIR="$st" BINDIR=/usr/b:in 2>&1)
	tap_ok $((! $?)) "make $t with BINDIR=/usr/b:in fails"
	case $out in *"a path contains ':'"*) r=0 ;; *) r=1 ;; esac
	tap_ok $r "and says why"
	[ "$r" = 0 ] || printf '%s\n' "$out" | tail -n 3 | tap_diag
done
tap_is "$(tree_list "$st")" "" "nothing was installed"

st=$work/stage-nopc
if tap_run "make install PREFIX=/usr PKG_CONFIG=false (no udev or systemd .pc files)" \
	make -C "$st_top" install DESTDIR="$st" PREFIX=/usr PKG_CONFIG=false; then
	[ -f "$st/usr/lib/udev/rules.d/60-vmw_rpc.rules" ] && [ -f "$st/usr/lib/sysusers.d/vmw_rpc.conf" ]
	tap_ok $? "without them: /usr/lib/udev/rules.d and /usr/lib/sysusers.d"
fi
st=$work/stage-dirs
if tap_run "make install PREFIX=/usr UDEVRULESDIR=/etc/udev/rules.d SYSUSERSDIR=/etc/sysusers.d" \
	make -C "$st_top" install DESTDIR="$st" PREFIX=/usr UDEVRULESDIR=/etc/udev/rules.d \
	SYSUSERSDIR=/etc/sysusers.d; then
	[ -f "$st/etc/udev/rules.d/60-vmw_rpc.rules" ] && [ -f "$st/etc/sysusers.d/vmw_rpc.conf" ]
	tap_ok $? "UDEVRULESDIR and SYSUSERSDIR override the defaults"
fi

# ---- flags -----------------------------------------------------------
# make -n of a fresh build directory: every compile has the caller's
# CPPFLAGS and CFLAGS, every link the caller's LDFLAGS, and the project's
# own -std=gnu11 besides.
o=$work/build-flags
mk=(make -n -C "$st_top/userspace" O="$o" all)
out=$("${mk[@]}" CPPFLAGS=-DCALLER_CPPFLAGS CFLAGS='-O1 -DCALLER_CFLAGS' \
	LDFLAGS=-Wl,--as-needed,-O1 2>&1)
bad=$(grep -E '^(cc|gcc) ' <<<"$out" | while IFS= read -r l; do
	case " $l " in
	*" -c "*)
		case " $l " in *" -DCALLER_CPPFLAGS"*" -std=gnu11"*" -DCALLER_CFLAGS "*) ;;
		*) echo "compile: $l" ;; esac ;;
	*)
		case " $l " in *" -Wl,--as-needed,-O1 "*) ;; *) echo "link: $l" ;; esac ;;
	esac
done)
n=$(grep -cE '^(cc|gcc) ' <<<"$out")
[ -z "$bad" ] && [ "$n" -ge 8 ]
tap_ok $? "the caller's CPPFLAGS, CFLAGS and LDFLAGS are in each of the $n compiles and links, with the project's -std=gnu11"
[ -z "$bad" ] || printf '%s\n' "$bad" | sed -n 1,5p | sed 's/^/#   /'
out=$("${mk[@]}" 2>&1)
case $out in *-Werror*) r=1 ;; *) r=0 ;; esac
tap_ok $r "no -Werror by default (packagers' compilers may warn more)"
out=$("${mk[@]}" WERROR=1 2>&1)
case $out in *" -Werror "*) r=0 ;; *) r=1 ;; esac
tap_ok $r "WERROR=1 adds -Werror"

# ---- RUNPATH only when asked, and never left over --------------------
o=$work/build-rpath
st=$work/stage-rpath
if tap_run "make O=... RPATH='\$\$ORIGIN/../lib'" \
	make -C "$st_top/userspace" O="$o" RPATH="\$\$ORIGIN/../lib"; then
	tap_is "$(readelf -d "$o/bin/vmw-rpc" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')" "\$ORIGIN/../lib" \
		"RPATH= sets the tools' RUNPATH"
	tap_run "then make install RPATH= (same O)" \
		make -C "$st_top/userspace" O="$o" RPATH= install DESTDIR="$st"
	tap_is "$(with_runpath "$st")" "" "the installed tools have no RUNPATH: install relinked them"
fi

# ---- live install (DESTDIR empty) into a scratch PREFIX --------------
live=$work/live
if [ "$(id -u)" -ne 0 ]; then
	tap_skip "live install creates the group vmwrpc" "needs root"
	tap_skip "VMWARE_RPCTOOL=1 on the live system" "needs root"
else
	# The compatibility name on the live system: never next to another
	# vmware-rpctool in PATH or /usr/bin (COMPAT_SYSTEM_DIRS, a scratch
	# directory here), never over a file dpkg owns. A fake open-vm-tools
	# tool and a fake dpkg (which owns $OWNED) in a PATH directory.
	fake=$work/fake-bin
	mkdir -p "$fake" "$work/usrbin"
	printf '#!/bin/sh\necho "open-vm-tools vmware-rpctool"\n' >"$fake/vmware-rpctool"
	chmod 0755 "$fake/vmware-rpctool"
	# As dpkg -S does: "PACKAGE: PATH" for each path it owns (the exact
	# text), a complaint and exit status 1 for any other.
	cat >"$work/dpkg" <<-'EOF'
		#!/bin/sh
		[ "$1" = -S ] || exit 2
		[ -z "$DPKG_BROKEN" ] || { echo "dpkg-query: the database is broken" >&2; exit 2; }
		shift
		rc=0
		for p; do
			case " $OWNED " in
			*" $p "*)
				case $p in
				*/vmware-rpctool) echo "vmw-rpctool-compat: $p" ;;
				*) echo "vmw-rpc-tools: $p" ;;
				esac ;;
			*) echo "dpkg-query: no path found matching pattern $p" >&2; rc=1 ;;
			esac
		done
		exit $rc
	EOF
	chmod 0755 "$work/dpkg"
	compat_refused() { # DESC MESSAGE-PART make-args...
		local desc=$1 part=$2 out rc
		shift 2
		out=$("$@" 2>&1)
		rc=$?
		[ "$rc" != 0 ] && [[ $out == *"$part"* ]] && [ ! -e "$live" ]
		tap_ok $? "$desc"
		[ "$rc" != 0 ] || echo "#   it exited 0"
		[[ $out == *"$part"* ]] || printf '%s\n' "$out" | tail -n 3 | tap_diag
		[ ! -e "$live" ] || echo "#   it installed files in $live"
		rm -rf "$live"
	}
	compat_refused "VMWARE_RPCTOOL=1, DESTDIR empty, open-vm-tools' vmware-rpctool in PATH: refused, nothing installed" \
		"install: $fake/vmware-rpctool is another vmware-rpctool" \
		env PATH="$fake:$PATH" make -C "$st_top" install PREFIX="$live" VMWARE_RPCTOOL=1
	cp "$fake/vmware-rpctool" "$work/usrbin/"
	compat_refused "... open-vm-tools' vmware-rpctool in COMPAT_SYSTEM_DIRS (/usr/bin): refused, nothing installed" \
		"install: $work/usrbin/vmware-rpctool is another vmware-rpctool" \
		make -C "$st_top" install PREFIX="$live" VMWARE_RPCTOOL=1 COMPAT_SYSTEM_DIRS="$work/usrbin"
	rm -f "$work/usrbin/vmware-rpctool"
	compat_refused "... BINDIR/vmware-rpctool a dpkg-owned path: refused, nothing installed" \
		"install: $live/bin/vmware-rpctool belongs to a Debian package (vmw-rpctool-compat)" \
		env OWNED="$live/bin/vmware-rpctool" make -C "$st_top" install PREFIX="$live" \
		VMWARE_RPCTOOL=1 DPKG="$work/dpkg"
	# Our own link elsewhere in PATH is no obstacle.
	ln -s vmw-rpctool "$work/usrbin/vmware-rpctool"
	if other=$(command -v vmware-rpctool) && [ "$(readlink "$other")" != vmw-rpctool ]; then
		tap_skip "VMWARE_RPCTOOL=1 on the live system installs the link" "this host has $other"
	elif tap_run "VMWARE_RPCTOOL=1 on the live system, our link in COMPAT_SYSTEM_DIRS: installs" \
		make -C "$st_top" install PREFIX="$live" VMWARE_RPCTOOL=1 COMPAT_SYSTEM_DIRS="$work/usrbin"; then
		tap_is "$(readlink "$live/bin/vmware-rpctool")" vmw-rpctool "BINDIR/vmware-rpctool -> vmw-rpctool"
		out=$(OWNED="$live/bin/vmware-rpctool" make -C "$st_top" uninstall PREFIX="$live" DPKG="$work/dpkg" 2>&1)
		tap_ok $? "make uninstall with the link dpkg-owned exits 0"
		tap_is "$(readlink "$live/bin/vmware-rpctool")" vmw-rpctool "and leaves the dpkg-owned link alone"
		case $out in *"vmware-rpctool belongs to a Debian package (vmw-rpctool-compat): left alone"*) r=0 ;; *) r=1 ;; esac
		tap_ok $r "and says so"
		rm -f "$live/bin/vmware-rpctool"
		printf 'not ours\n' >"$live/bin/vmware-rpctool"
		tap_run "make uninstall with another file as vmware-rpctool" make -C "$st_top" uninstall PREFIX="$live"
		tap_is "$(cat "$live/bin/vmware-rpctool")" "not ours" "uninstall (DESTDIR empty) leaves another vmware-rpctool alone"
		rm -rf "$live"
	fi

	# The Debian packages' files on the live system's own /usr: a
	# private /usr and /etc (overlays in a mount namespace of this
	# test's), where vmw-rpc-tools owns /usr/bin/vmw-rpctool and
	# vmw-rpctool-compat /usr/bin/vmware-rpctool -> vmw-rpctool (or dpkg
	# knows them as OWNED says: /bin/... for a package of before merged
	# /usr). make there leaves both alone whatever spelling PREFIX,
	# BINDIR or DESTDIR give their directory; uninstall still removes
	# /usr/bin/vmw-rpc, which no package owns here.
	merged=0
	[ "$(readlink /bin)" = usr/bin ] && merged=1
	pkg_files() { # OWNED MAKE-ARGS...: runs make there, prints its rc, output, and the files
		local owned=$1 d
		shift
		d=$(mktemp -d "$work/private.XXXXXX")
		mkdir -p "$d/usr/up" "$d/usr/wk" "$d/etc/up" "$d/etc/wk"
		# shellcheck disable=SC2016 # for the namespace's shell
		unshare -m bash -c '
			d=$1 owned=$2
			shift 2
			mount --make-rprivate / || exit 97
			for m in usr etc; do
				mount -t overlay overlay -o "lowerdir=/$m,upperdir=$d/$m/up,workdir=$d/$m/wk" "/$m" || exit 97
			done
			printf "package'"'"'s\n" >/usr/bin/vmw-rpctool
			ln -sfn vmw-rpctool /usr/bin/vmware-rpctool
			case " $* " in *" uninstall "*) echo ours >/usr/bin/vmw-rpc ;; esac
			out=$(OWNED=$owned make "$@" 2>&1)
			echo "rc=$?"
			echo "link=$(readlink /usr/bin/vmware-rpctool) tool=$(cat /usr/bin/vmw-rpctool 2>/dev/null) rpc=$(cat /usr/bin/vmw-rpc 2>/dev/null)"
			printf "%s\n" "$out"' bash "$d" "$owned" "$@"
		echo "rc=$?"
		rm -rf "$d"
	}
	kept="link=vmw-rpctool tool=package's rpc="
	pkg_case() { # DESC OWNED MAKE-ARGS...
		local desc=$1 owned=$2 out want=0 st rc msg="left alone" k=$kept
		shift 2
		case " $* " in *" install "*) want=1 msg="belongs to a Debian package (vmw-rpc" ;; esac
		# A dpkg that cannot answer: make fails, nothing touched.
		if [ -n "${DPKG_BROKEN:-}" ]; then
			want=1 msg="-S failed (exit status 2)"
			# uninstall removes nothing then, not even vmw-rpc.
			case " $* " in *" uninstall "*) k=${kept}ours ;; esac
		fi
		out=$(pkg_files "$owned" -C "$st_top/userspace" DPKG="$work/dpkg" "$@")
		rc=$(sed -n 's/^rc=//p' <<<"$out" | tr '\n' ' ')
		st=$(sed -n '/^link=/p' <<<"$out")
		if [[ $rc == "97 "* ]]; then
			tap_skip "$desc" "no private /usr here (unshare -m, overlayfs)"
			return
		fi
		# make's status: 0, or (install refused) non-zero.
		[ "${rc%% *}" = 0 ] || rc="1 ${rc#* }"
		[ "$rc" = "$want 0 " ] && [ "$st" = "$k" ] && [[ $out == *"$msg"* ]]
		tap_ok $? "$desc"
		[ "$rc" = "$want 0 " ] || echo "#   make's exit status and unshare's: $rc, want $want 0"
		if [ "$st" != "$k" ]; then
			echo "#   got:  $st"
			echo "#   want: $k"
		fi
		[[ $out == *"$msg"* ]] || printf '%s\n' "$out" | grep -v '^rc=\|^link=' | tail -n 4 | tap_diag
	}
	both="/usr/bin/vmware-rpctool /usr/bin/vmw-rpctool"
	pkg_case "uninstall PREFIX=/usr: keeps the packages' vmware-rpctool link and its target vmw-rpctool" \
		"$both" uninstall PREFIX=/usr
	pkg_case "uninstall PREFIX=/usr: keeps vmw-rpctool, the target of the packages' link, even when dpkg owns only the link" \
		/usr/bin/vmware-rpctool uninstall PREFIX=/usr
	pkg_case "uninstall PREFIX=/usr/ (//bin in the path): keeps them" "$both" uninstall PREFIX=/usr/
	pkg_case "uninstall DESTDIR=/ PREFIX=/usr (the live system too): keeps them" "$both" uninstall DESTDIR=/ PREFIX=/usr
	pkg_case "install PREFIX=/usr VMWARE_RPCTOOL=1 over the packages' files: refused, nothing installed" \
		"$both" install PREFIX=/usr VMWARE_RPCTOOL=1
	pkg_case "install PREFIX=/usr over the packages' vmw-rpctool: refused, nothing installed" \
		"$both" install PREFIX=/usr
	pkg_case "install DESTDIR=/ PREFIX=/usr VMWARE_RPCTOOL=1: refused, nothing installed" \
		"$both" install DESTDIR=/ PREFIX=/usr VMWARE_RPCTOOL=1
	DPKG_BROKEN=1 pkg_case "uninstall PREFIX=/usr with dpkg -S failing (exit 2): make fails, keeps them" \
		"$both" uninstall PREFIX=/usr
	DPKG_BROKEN=1 pkg_case "install PREFIX=/usr with dpkg -S failing (exit 2): refused, nothing installed" \
		"$both" install PREFIX=/usr
	if [ "$merged" = 1 ]; then
		pkg_case "merged /usr, uninstall PREFIX=/ (BINDIR /bin): keeps them" "$both" uninstall PREFIX=/
		pkg_case "merged /usr, install PREFIX=/ VMWARE_RPCTOOL=1: refused, nothing installed" \
			"$both" install PREFIX=/ VMWARE_RPCTOOL=1
		pkg_case "merged /usr, packages that name /bin/...: uninstall PREFIX=/usr keeps them" \
			"/bin/vmware-rpctool /bin/vmw-rpctool" uninstall PREFIX=/usr
	else
		for c in "uninstall PREFIX=/" "install PREFIX=/" "packages that name /bin/..."; do
			tap_skip "merged /usr, $c" "/bin is not a link to usr/bin on this host"
		done
	fi

	if tap_run "make install PREFIX=.../live (DESTDIR empty)" make -C "$st_top" install PREFIX="$live"; then
		tap_is "$(tree_list "$live" | sed "s|^|${live#/}/|")" "$(readme_list "$live")" \
			"the live install's files are the README's list"
		getent group vmwrpc >/dev/null
		tap_ok $? "the group vmwrpc exists after a live install"
		gid=$(getent group vmwrpc | cut -d: -f3)
		sys_gid_max=$(sed -n 's/^SYS_GID_MAX[[:space:]]\+//p' /etc/login.defs)
		[ -n "$gid" ] && [ "$gid" -lt "${sys_gid_max:-1000}" ]
		tap_ok $? "vmwrpc is a system group (gid $gid < ${sys_gid_max:-1000})"
		tap_run "make uninstall PREFIX=.../live" make -C "$st_top" uninstall PREFIX="$live"
		tap_is "$(tree_list "$live")" "" "live uninstall leaves no file behind"
		getent group vmwrpc >/dev/null
		tap_ok $? "live uninstall keeps the group vmwrpc (users may be in it)"
	fi
fi

tap_done
