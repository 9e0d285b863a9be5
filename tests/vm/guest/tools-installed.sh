#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools-installed.sh   (root, --sim guest, with 60-tools.t's overlays)
#
# What "make -C userspace install DESTDIR=stage PREFIX=/usr" put over the
# guest's root, used without the build tree (LD_LIBRARY_PATH unset, so
# /usr/local/lib does not interfere): the installed tools run, and
# /opt/vmw-tests/threads, built with pkg-config against the stage, calls
# the installed library from 8 threads on one handle and checks every
# reply. Its keys' seeds go in through the sim's debugfs.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
# shellcheck source=tests/vm/guest/tools-lib.sh
. /tests/tools-lib.sh

prog=/opt/vmw-tests/threads
lib=
for f in /usr/lib/libvmwrpc.so.1 /usr/lib/*/libvmwrpc.so.1; do
	[ -e "$f" ] && lib=$f && break
done
if [ -z "$lib" ] || [ ! -x "$prog" ]; then
	skip "the installed library and the pkg-config program" "not in the guest (the host's build or install failed)"
	tap_exit
fi
vmw-simctl reset
ldso=/lib64/ld-linux-x86-64.so.2

# loaded FILE: the libvmwrpc.so.1 that FILE loads, resolved.
loaded() {
	l=$(env -u LD_LIBRARY_PATH "$ldso" --list "$1" 2>&1 |
		sed -n 's/^[[:space:]]*libvmwrpc\.so\.1 => \([^ ]*\) .*/\1/p')
	[ -n "$l" ] && readlink -f "$l"
}
is "$(loaded /usr/bin/vmw-rpc)" "$(readlink -f "$lib")" "the installed vmw-rpc loads the installed $lib"
run env -u LD_LIBRARY_PATH /usr/bin/vmw-rpc info
is "$rc" 0 "the installed vmw-rpc info exits 0"
like "$(cat "$T/out")" '^simulated: yes$' "the installed vmw-rpc reaches the sim"
printf 'installed\000tool' >"$T/v"
run env -u LD_LIBRARY_PATH /usr/bin/vmw-rpc guestinfo set inst <"$T/v"
is "$rc" 0 "the installed vmw-rpc guestinfo set exits 0"
run env -u LD_LIBRARY_PATH /usr/bin/vmw-rpctool 'info-get guestinfo.inst'
# As vmware-rpctool, it prints the reply up to its first NUL byte, and a
# newline (vmw-rpctool(1)).
printf 'installed\n' >"$T/want"
same "$T/out" "$T/want" "the installed vmw-rpctool reads it back (up to the NUL)"

is "$(loaded "$prog")" "$(readlink -f "$lib")" "the pkg-config program loads the installed $lib"
t=0
while [ "$t" -lt 8 ]; do
	if ! { "$prog" seed "$t" >"$T/seed" && seed "vmwtest.seed.$t" "$T/seed"; }; then
		break
	fi
	t=$((t + 1))
done
is "$t" 8 "seeded the 8 threads' keys via debugfs"
run env -u LD_LIBRARY_PATH "$prog" run 100
is "$rc" 0 "8 threads x 100 rounds on one handle: every reply right (exit 0)"
diag "$(cat "$T/out")"
[ -s "$T/err" ] && show stderr "$T/err"
like "$(cat "$T/out")" '^threads: 8 threads x 100 rounds on one handle: [0-9]+ calls, 0 wrong$' "the program's summary: 0 wrong"
t=0
while [ "$t" -lt 8 ]; do
	"$prog" seed "$t" >"$T/seed"
	if ! { peek "vmwtest.seed.$t" "$T/got" && cmp -s "$T/got" "$T/seed"; }; then
		break
	fi
	t=$((t + 1))
done
is "$t" 8 "the seeded keys are unchanged afterwards (debugfs)"
rm -rf "$T"
dmesg_clean "after the threads"
tap_exit
