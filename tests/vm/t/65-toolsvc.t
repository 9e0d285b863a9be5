#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel as a VMware Tools client (driver/tools.c, module parameter
# tools=1) against the simulated host playing vCenter: the start-up
# commands and their reports, the unknown-command answer, the power
# operations that keep the guest running, EBUSY both ways, unloading with
# the service running (guest/toolsvc.sh); the guest's IP address on dummy
# interfaces (guest/toolsvc-ip.sh); then OS_Halt and OS_Reboot,
# which must shut the guest down through init as a shutdown from vSphere
# would: the kernel's orderly_poweroff()/orderly_reboot() run busybox's
# poweroff/reboot, which signal the guest's init; init (tests/vm/lib/init)
# ends the programs with SIGTERM and powers off or reboots, and QEMU
# exits (-no-reboot). tests/vm/run --shutdown-file reports which; the
# guest script prints what the simulated host recorded when init's
# SIGTERM reaches it, before the machine goes.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vm_script "tools service" --sim --modparam tools=1 -- /tests/toolsvc.sh

# The guest's IP address, on dummy interfaces (Debian's dummy.ko, which the
# guest does not have otherwise; nothing leaves the guest).
kver=$("$tap_top/tests/deps.sh" --kver)
ko=/lib/modules/$kver/kernel/drivers/net/dummy.ko
if [ -f "$ko" ]; then
	ov=$(mktemp -d)
	mkdir -p "$ov/lib/modules/$kver/kernel/drivers/net"
	install -m 0644 "$ko" "$ov/lib/modules/$kver/kernel/drivers/net/"
	vm_script "guest IP" --sim --modparam tools=1 --overlay "$ov" -- /tests/toolsvc-ip.sh
	rm -rf "$ov"
else
	tap_skip "guest IP" "no $ko (Debian's linux-image-$kver has it uncompressed)"
fi

# make bench's tools figures: the program runs and the bounds it checks
# hold (2 calls a second idle; a command fetched within 1.5 s: the loop's
# second and the guest's late timers under TCG).
vm_script "bench" --sim --modparam tools=1 -- /tests/toolsvc-bench.sh

# power CMD KIND CODE: CMD shuts the guest down as KIND (poweroff or
# reboot), reported to the host with state code CODE.
power() {
	local cmd=$1 kind=$2 code=$3 out console how rc=0
	out=$(mktemp) console=$(mktemp) how=$(mktemp)
	"$tap_top/tests/vm/run" --sim --modparam tools=1 --console "$console" \
		--shutdown-file "$how" -- exec /tests/toolsvc-power.sh "$cmd" \
		>"$out" 2>&1 </dev/null || rc=$?
	tap_ok "$rc" "$cmd: the guest script saw init's SIGTERM, reported and exited 0 (got $rc)"
	tap_is "$(grep -c '^report: done$' "$out")" 1 "$cmd: its report is complete"
	if [ "$rc" != 0 ]; then
		tap_diag <"$out"
		tail -n 30 "$console" | tap_diag
	fi
	tap_is "$(cat "$how")" "$kind" "$cmd: init was asked to $kind, and QEMU exited"
	tap_is "$(grep -c "^$cmd	OK \$" "$out")" 1 "$cmd: the host has the answer 'OK '"
	tap_is "$(grep -c "^tools.os.statechange.status 1 $code\$" "$out")" 1 \
		"$cmd: the host has tools.os.statechange.status 1 $code"
	tap_is "$(grep -c "vmw_rpc: tools: the host asked for a .* ($cmd)" "$out")" 1 \
		"$cmd: the kernel log says why the guest goes down"
	tap_is "$(grep -c "vmw-vm: init: $kind requested" "$console")" 1 \
		"$cmd: init got the $kind request"
	local bad
	bad=$(tap_klog_bad "$console")
	tap_is "$bad" "" "$cmd: no oops, BUG or WARNING in the kernel log"
	rm -f "$out" "$console" "$how"
}

power OS_Halt poweroff 1
power OS_Reboot reboot 2
tap_done
