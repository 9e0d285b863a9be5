#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libvmwrpc and the tools in the guest (issue 4), against the documented
# contract (vmw-rpc(1), vmw-rpctool(1), vmwrpc(3)):
#  - host side: "make -C userspace install DESTDIR=stage PREFIX=/usr";
#    the staged libvmwrpc.so.1 exports exactly the functions vmwrpc.h
#    declares and has the SONAME libvmwrpc.so.1; a program built with
#    "pkg-config --cflags --libs vmwrpc" against the stage (threads.c);
#    an ASan+UBSan build of the library and tools
#  - boot 1 (--sim, the stage, the program and the ASan tools overlaid):
#    every vmw-rpc subcommand and exit status, vmw-rpctool, binary and
#    values of max_reply bytes (tools-sim.sh), the installed library from 8 threads
#    (tools-installed.sh), the tools under the sanitizers (tools-asan.sh)
#  - boot 2 (--no-load, the production module staged for
#    /lib/modules/$(uname -r)): the library's libkmod diagnoses and
#    --load (tools-diag.sh)
#  - boot 3 (--no-vmware --no-load, the same): "not a VMware virtual
#    machine" (tools-novmware.sh)
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"
top=$tap_top

# Under build/ so that tests/vm/run does not copy our libraries as
# system dependencies of the overlaid programs.
work=$top/build/vm/60-tools
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# A host step: quiet, its output shown only when it fails.
step() { # DESCRIPTION COMMAND...
	local desc=$1
	shift
	tap_run "host: $desc" "$@"
}

# test_ok DESCRIPTION COMMAND...: one TAP line, COMMAND's status (set -e
# does not stop the test when it fails).
test_ok() {
	local desc=$1 rc=0
	shift
	"$@" 2>/dev/null || rc=$?
	tap_ok "$rc" "$desc"
}

# The release version (dkms.conf, its one source; the tools and the man
# pages take it from there).
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
kver=$("$top/tests/deps.sh" --kver)
kdir=$("$top/tests/deps.sh" --kdir)

# ---- the installed library -------------------------------------------
stage=$work/stage
step "make -C userspace install DESTDIR=stage PREFIX=/usr" \
	make -C "$top/userspace" install DESTDIR="$stage" PREFIX=/usr || true
pc=$(find "$stage" -name vmwrpc.pc 2>/dev/null | sed -n 1p)
so=$(find "$stage" -name libvmwrpc.so.1 2>/dev/null | sed -n 1p)
test_ok "host: the stage has vmwrpc.pc (${pc#"$stage"})" [ -n "$pc" ]
test_ok "host: the stage has the libvmwrpc.so.1 link (${so#"$stage"})" [ -L "$so" ]

if [ -n "$so" ]; then
	soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	test_ok "host: SONAME of the staged library is libvmwrpc.so.1 (got '$soname')" \
		[ "$soname" = libvmwrpc.so.1 ]

	# The functions vmwrpc.h declares, as the compiler sees them
	# (gcc -aux-info lists every prototype with its file; <linux/vmw_rpc.h>
	# is in INCLUDEDIR/vmwrpc).
	hdr=$(find "$stage" -name vmwrpc.h 2>/dev/null | sed -n 1p)
	printf '#include <vmwrpc.h>\n' >"$work/hdr.c"
	gcc -fsyntax-only -aux-info "$work/aux" -I "$(dirname "$hdr")" -I "$(dirname "$hdr")/vmwrpc" \
		"$work/hdr.c" || true
	grep -F "/* $hdr:" "$work/aux" | sed 's|^/\*[^*]*\*/ ||; s/ (.*//; s/.*[ *]//' |
		sort -u >"$work/declared" || true
	# Every function carries its version node (lib/libvmwrpc.map):
	# "vmwrpc_open@@LIBVMWRPC_1"; the node itself is an absolute symbol.
	nm -D --defined-only "$so" | awk '{ print $3 }' | sed 's/@@.*//' |
		grep -vx 'LIBVMWRPC_[0-9]*' | sort -u >"$work/exported"
	nm -D --defined-only "$so" |
		awk '!($2 == "T" && $3 ~ /^vmwrpc_[a-z_]*@@LIBVMWRPC_1$/) &&
		     !($2 == "A" && $3 == "LIBVMWRPC_1") { print }' >"$work/not-text"
	if [ -s "$work/declared" ] && cmp -s "$work/declared" "$work/exported"; then
		tap_ok 0 "host: nm -D --defined-only lists exactly the $(wc -l <"$work/declared") functions vmwrpc.h declares"
	else
		tap_ok 1 "host: nm -D --defined-only lists exactly the functions vmwrpc.h declares"
		diff "$work/declared" "$work/exported" | tap_diag || true
	fi
	test_ok "host: every exported symbol is a function of version LIBVMWRPC_1 (T name@@LIBVMWRPC_1), besides the node" \
		[ ! -s "$work/not-text" ]
	tap_diag <"$work/not-text"
	# The map is the one list of the public functions (the man page
	# links are made from it): the header declares exactly those.
	sed -n 's/^[[:space:]]*\(vmwrpc_[a-z_]*\);$/\1/p' "$top/userspace/lib/libvmwrpc.map" |
		sort -u >"$work/mapped"
	if [ -s "$work/mapped" ] && cmp -s "$work/declared" "$work/mapped"; then
		tap_ok 0 "host: lib/libvmwrpc.map lists exactly the functions vmwrpc.h declares"
	else
		tap_ok 1 "host: lib/libvmwrpc.map lists exactly the functions vmwrpc.h declares"
		diff "$work/declared" "$work/mapped" | tap_diag || true
	fi
fi

# A program built against the stage with pkg-config alone. The stage is
# the sysroot; the system's own .pc files stay visible for libkmod,
# which vmwrpc.pc names in Requires.private.
prog=$work/prog
mkdir -p "$prog/opt/vmw-tests"
pcflags=$(PKG_CONFIG_SYSROOT_DIR=$stage \
	PKG_CONFIG_LIBDIR="$(dirname "$pc"):$(pkg-config --variable pc_path pkg-config)" \
	pkg-config --cflags --libs vmwrpc 2>"$work/pc.err") || true
case $pcflags in
*"-I$stage/"*"-L$stage/"*-lvmwrpc*) r=0 ;;
*) r=1 ;;
esac
tap_ok "$r" "host: pkg-config --cflags --libs vmwrpc points into the stage ($pcflags)"
tap_diag <"$work/pc.err"
# shellcheck disable=SC2086 # pkg-config's flags are words
step "threads.c builds with -Wall -Wextra -Werror and pkg-config's flags" \
	gcc -O2 -g -Wall -Wextra -Werror -pthread -o "$prog/opt/vmw-tests/threads" \
	"$top/tests/vm/pkgconfig/threads.c" $pcflags || true
readelf -d "$prog/opt/vmw-tests/threads" >"$work/dyn" 2>&1 || true
test_ok "host: the program needs libvmwrpc.so.1" grep -q 'NEEDED.*\[libvmwrpc\.so\.1\]' "$work/dyn"

# The library and tools with ASan and UBSan, installed under /opt/vmw-asan
# (LIBDIR beside bin, and a RUNPATH $ORIGIN/../lib that finds the ASan
# library there).
asan=$work/asan
san='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
asan_ok=0
step "an ASan+UBSan build of the library and tools" \
	make -C "$top/userspace" O="$work/asan-build" CFLAGS="-O1 -g $san" \
	LDFLAGS="$san" WERROR=1 RPATH="\$\$ORIGIN/../lib" LIBDIR=/opt/vmw-asan/lib \
	install DESTDIR="$asan" PREFIX=/opt/vmw-asan && asan_ok=1

# ---- boot 1: the simulated host ----------------------------------------
mem=512
uuid=564d0a1b-2c3d-4e5f-8091-a2b3c4d5e6f7
overlays=(--overlay "$stage" --overlay "$prog")
[ "$asan_ok" = 1 ] && overlays+=(--overlay "$asan")
vm_script "sim" --sim --timeout 600 -m "${mem}M" --uuid "$uuid" "${overlays[@]}" -- \
	"/tests/tools-sim.sh '$version' $(mib_hex $mem) $uuid;" \
	"a=\$?; /tests/tools-installed.sh; b=\$?; /tests/tools-asan.sh; c=\$?;" \
	"exit \$((a | b | c))"

# ---- boot 2: the diagnoses ---------------------------------------------
# The production module, staged (not installed) with the modules.dep
# indexes that kmod's depmod writes for it; tools-diag.sh installs it
# under /lib/modules/$(uname -r) when the test gets there.
mods=$work/mods
mkdir -p "$mods/opt/vmw-modules/lib/modules/$kver/extra"
modok=0
if step "make modules" make -C "$top" modules KDIR="$kdir" &&
   cp "$top/vmw_rpc.ko" "$mods/opt/vmw-modules/lib/modules/$kver/extra/" &&
   step "depmod -b STAGE $kver" depmod -b "$mods/opt/vmw-modules" "$kver"; then
	modok=1
fi
test_ok "host: the staged modules.dep lists extra/vmw_rpc.ko" \
	grep -q '^extra/vmw_rpc.ko:' "$mods/opt/vmw-modules/lib/modules/$kver/modules.dep"
if [ "$modok" = 1 ]; then
	vm_script "no-load" --no-load --overlay "$mods" -- /tests/tools-diag.sh
	vm_script "no-vmware" --no-vmware --no-load --overlay "$mods" -- /tests/tools-novmware.sh
else
	tap_skip "no-load: the diagnoses" "staging the module failed (see above)"
	tap_skip "no-vmware: the diagnoses" "staging the module failed (see above)"
fi
tap_done
