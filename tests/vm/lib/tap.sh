# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host side of the vm-tier tests (sourced by tests/vm/t/*.t): the one
# shell TAP helper (tests/lib/tap.sh: tap_ok, tap_skip, tap_is, tap_diag,
# tap_done, ...) and what only the vm tier needs: run a guest script under
# tests/vm/run and turn its output into numbered TAP.
#
#   vm_script NAME [RUNNER-OPTIONS...] -- GUEST-COMMAND...
#
# forwards the guest's TAP lines ("ok - ..." or numbered) renumbered,
# prefixes every NAME, and adds two lines of its own: the guest command's
# exit status was 0 (the runner booted, loaded and ran it), and the
# guest's kernel log has no oops, BUG, WARNING or lockdep report. Other
# output becomes "# " diagnostics. tap_done prints the plan and sets the
# exit status.

tap_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$tap_top/tests/lib/tap.sh"

# The kernel log's oops/BUG/WARNING lines, if any.
tap_klog_bad() {
	grep -E "$tap_klog_re" "$1" || true
}

vm_script() {
	local name=$1
	shift
	local opts=()
	while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	local out err klog rc=0 line seen=0
	out=$(mktemp) err=$(mktemp) klog=$(mktemp)
	"$tap_top/tests/vm/run" --kernel-log "$klog" "${opts[@]}" -- "$@" \
		>"$out" 2>"$err" </dev/null || rc=$?
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line =~ ^(not\ )?ok([\ ][0-9]+)?(\ -)?\ ?(.*)$ ]]; then
			seen=$((seen + 1))
			# BASH_REMATCH[1] is "not " for a failure, empty for a pass.
			tap_ok "${#BASH_REMATCH[1]}" "$name: ${BASH_REMATCH[4]}"
		elif [[ $line =~ ^1\.\.[0-9]+ ]]; then
			: # the guest's own plan; ours comes at the end
		elif [[ $line == "#"* ]]; then
			echo "$line"
		else
			echo "# $line"
		fi
	done <"$out"
	if [ "$rc" -ne 0 ] && [ -s "$err" ]; then
		tap_diag <"$err"
	fi
	tap_ok "$rc" "$name: guest command exited 0 (got $rc; $seen TAP lines)"
	if [ "$rc" = 125 ] || [ ! -s "$klog" ]; then
		tap_ok 1 "$name: no oops, BUG or WARNING in the kernel log (no kernel log: the guest did not finish)"
	else
		local bad
		bad=$(tap_klog_bad "$klog")
		if [ -z "$bad" ]; then
			tap_ok 0 "$name: no oops, BUG or WARNING in the kernel log"
		else
			tap_ok 1 "$name: no oops, BUG or WARNING in the kernel log"
			grep -E -A 30 "$tap_klog_re" "$klog" | sed -n 1,80p | tap_diag
		fi
	fi
	rm -f "$out" "$err" "$klog"
}

# vm_test_modules: the test build of vmw_rpc.ko and the simulated host
# (make test-modules, for Debian's 6.1 kernel) in build/kmod-test, for a
# test that puts them in an installed module's place. tests/run builds it
# once before the vm tier and sets VMW_VM_NO_BUILD.
vm_test_modules() {
	if [ "${VMW_VM_NO_BUILD:-}" = 1 ] && [ -f "$tap_top/build/kmod-test/vmw_rpc_sim.ko" ]; then
		return 0
	fi
	make -C "$tap_top" test-modules KDIR="$("$tap_top/tests/deps.sh" --kdir)"
}

# driver_const NAME: the value of the driver's "#define NAME ..." (one
# of driver/*.[ch] or the uapi header, where each limit and the ABI
# version are written once), evaluated, for a guest script that checks
# it. Fails when there is no such #define.
driver_const() {
	local v
	v=$(sed -n "s/^#define[[:space:]]\{1,\}$1[[:space:]]\{1,\}\([^/]*\).*/\1/p" \
		"$tap_top"/driver/*.[ch] "$tap_top"/uapi/linux/vmw_rpc.h | sed -n 1p)
	v=${v//U/}
	if [ -z "${v//[[:space:]]/}" ]; then
		echo "driver_const: no #define $1 in driver/" >&2
		return 1
	fi
	echo $((v))
}

# UUID string -> "EAX EBX ECX EDX" as QEMU's vmport GETUUID returns them:
# the 16 bytes in the string's order, read as four little-endian words.
uuid_regs() {
	local h=${1//-/} i w out=()
	for i in 0 8 16 24; do
		w=${h:$i:8}
		out+=("0x${w:6:2}${w:4:2}${w:2:2}${w:0:2}")
	done
	echo "${out[*]}" | tr 'A-F' 'a-f'
}

# QEMU -m size in MiB -> bytes, in the backdoor's eax format.
mib_hex() {
	printf '0x%08x' $(($1 * 1024 * 1024))
}
