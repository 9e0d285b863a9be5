#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# toolsvc-power.sh COMMAND   (root, --sim, --modparam tools=1, run by
# tests/vm/t/65-toolsvc.t with tests/vm/run --shutdown-file)
#
# Queues COMMAND (OS_Halt or OS_Reboot) for the kernel's tools service and
# waits for the guest to shut down through init. The shutdown ends this
# script as an init ends programs, with SIGTERM: it then prints, while
# the simulated host still runs, the TCLO answers and RPCI reports the
# host recorded, one per line, and the service's kernel log lines, for
# the host-side test to check, and exits 0. If no shutdown comes within
# 60 s it says so and exits 1. Not a TAP script: it sources lib.sh for
# until_ok and tclo_open only.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

cmd=$1
report() {
	echo "answers:"
	vmw-simctl tclo answers
	echo "rpci:"
	vmw-simctl rpci
	echo "kernel log:"
	dmesg | grep 'vmw_rpc: tools:'
	echo "report: done"
	exit 0
}
trap report TERM
until_ok 100 tclo_open || { echo "no TCLO channel"; exit 1; }
vmw-simctl tclo queue "$cmd"
# A background sleep: the TERM trap runs as soon as it comes.
sleep 60 &
wait $!
echo "no shutdown within 60 s of $cmd"
exit 1
