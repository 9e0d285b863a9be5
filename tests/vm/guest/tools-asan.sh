#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools-asan.sh   (root, --sim guest, with 60-tools.t's overlays)
#
# The tools and library built with ASan and UBSan (/opt/vmw-asan, found
# through their RUNPATH; LD_LIBRARY_PATH unset) on their success and error
# paths: each exits as vmw-rpc(1) says and the sanitizers say nothing
# (halt_on_error, detect_leaks).
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
# shellcheck source=tests/vm/guest/tools-lib.sh
. /tests/tools-lib.sh

b=/opt/vmw-asan/bin
if [ ! -x "$b/vmw-rpc" ]; then
	skip "the tools under ASan and UBSan" "no ASan build in the guest (the host's ASan build failed)"
	tap_exit
fi
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=99
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS
vmw-simctl reset
env -u LD_LIBRARY_PATH /lib64/ld-linux-x86-64.so.2 --list "$b/vmw-rpc" >"$T/list" 2>&1
like "$(cat "$T/list")" 'libasan\.so' "the ASan vmw-rpc links libasan"
like "$(cat "$T/list")" 'libvmwrpc\.so\.1 => /opt/vmw-asan/(bin/\.\./)?lib/' "the ASan vmw-rpc uses the ASan library"

printf 'asan\000value' >"$T/v"
# A value of max_reply's default size (the module's description says
# it): over max_send, so a set is refused, and its reply fits the
# max_reply tools-sim.sh leaves raised.
big=$(param_default max_reply)
head -c "${big:?}" /dev/urandom >"$T/big"
seed av "$T/v"
# clean WANT_RC DESC CMD...: exit WANT_RC and no sanitizer report.
clean() {
	c_want=$1 c_desc=$2
	shift 2
	run env -u LD_LIBRARY_PATH "$@" <"${STDIN:-/dev/null}"
	if [ "$rc" = "$c_want" ] && ! grep -Eq 'Sanitizer|runtime error' "$T/err"; then
		ok 0 "ASan+UBSan: $c_desc"
	else
		ok 1 "ASan+UBSan: $c_desc"
		diag "exit $rc, wanted $c_want"
		grep -E -A 12 'Sanitizer|runtime error' "$T/err" | head -n 30 | sed 's/^/#   /'
	fi
}
clean 0 "vmw-rpc --help" "$b/vmw-rpc" --help
clean 64 "a usage error" "$b/vmw-rpc" backdoor --cmd 0x1ffff
clean 0 "vmw-rpc info" "$b/vmw-rpc" info
clean 0 "vmw-rpc status" "$b/vmw-rpc" status
clean 0 "vmw-rpc guestinfo get" "$b/vmw-rpc" guestinfo get av
same "$T/out" "$T/v" "ASan+UBSan: the value with a NUL byte comes back"
clean 1 "vmw-rpc guestinfo get of an unset key" "$b/vmw-rpc" guestinfo get nothere
clean 0 "vmw-rpc call" "$b/vmw-rpc" call 'info-get guestinfo.av'
clean 1 "vmw-rpc call of an unknown command" "$b/vmw-rpc" call nosuch
STDIN=$T/v clean 0 "vmw-rpc guestinfo set from stdin" "$b/vmw-rpc" guestinfo set av2
STDIN=$T/big clean 2 "vmw-rpc guestinfo set of $big bytes (refused)" "$b/vmw-rpc" guestinfo set big
clean 0 "vmw-rpc log" "$b/vmw-rpc" log asan
clean 0 "vmw-rpc backdoor getuuid" "$b/vmw-rpc" backdoor getuuid
clean 2 "vmw-rpc on a device that is not vmw_rpc" "$b/vmw-rpc" -d /dev/null info
clean 2 "vmw-rpc as uid 1001 (permission denied)" vmw-runas 1001 1001 - "$b/vmw-rpc" info
vmw-simctl fault bad_reply 1
clean 2 "vmw-rpc call with a garbage reply" "$b/vmw-rpc" call 'info-get guestinfo.av'
vmw-simctl fault clear
seed big "$T/big"
clean 0 "vmw-rpctool info-get of $big bytes" "$b/vmw-rpctool" 'info-get guestinfo.big'
clean 1 "vmw-rpctool on an unset key" "$b/vmw-rpctool" 'info-get guestinfo.nothere'
clean 1 "vmw-rpctool without an argument" "$b/vmw-rpctool"
rm -rf "$T"
tap_exit
