#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vmw-fuzz-guest CALLS SEED ROUNDS [MODULE PARAMETERS...]   (in the guest)
#
# What tests/fuzz/run runs in its guest (tests/vm/run --kernel-tree ...
# --sim), as root, with the test build of vmw_rpc.ko and the simulated host
# loaded:
#  1. kernel.panic_on_oops=0, so that a report is counted and the run goes
#     on (the test kernel is built with CONFIG_PANIC_ON_OOPS=y for KUnit);
#     kmemleak forgets what boot left (scan twice, clear);
#  2. vmw-fuzz -n CALLS -s SEED;
#  3. kmemleak: two scans at least 5 s after the last call (an object is
#     reported from its second scan on), its findings between markers;
#  4. vmw-fuzz --param-race ROUNDS: rpci_allow written by three threads
#     while the modules are unloaded and loaded again (with the same
#     PARAMETERS); kmemleak again, for what that leaked.
# The host counts the kernel's reports from the console and the kmemleak
# sections; this script's status is vmw-fuzz's.
set -u

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ] || [ "$#" -lt 3 ]; then
	sed -n '4,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'
	[ "$#" -ge 3 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]
	exit
fi
calls=$1
seed=$2
rounds=$3
shift 3
kml=/sys/kernel/debug/kmemleak

echo 0 >/proc/sys/kernel/panic_on_oops
if [ -w "$kml" ]; then
	echo scan >"$kml"
	echo scan >"$kml"
	echo clear >"$kml"
fi

leaks() { # NAME
	[ -w "$kml" ] || { echo "VMW_FUZZ_KMEMLEAK $1 unavailable"; return; }
	sleep 6
	echo scan >"$kml"
	echo scan >"$kml"
	echo "VMW_FUZZ_KMEMLEAK_BEGIN $1"
	cat "$kml"
	echo "VMW_FUZZ_KMEMLEAK_END $1"
	# Reported once: the next section shows only what is new.
	echo clear >"$kml"
}

start=$(date +%s)
vmw-fuzz -n "$calls" -s "$seed"
rc=$?
echo "vmw-fuzz-guest: fuzzing took $(($(date +%s) - start)) s"
leaks fuzz

start=$(date +%s)
vmw-fuzz --param-race "$rounds" /lib/vmw_rpc/vmw_rpc.ko /lib/vmw_rpc/vmw_rpc_sim.ko "$*" || rc=1
echo "vmw-fuzz-guest: the rpci_allow race took $(($(date +%s) - start)) s"
leaks param-race
exit "$rc"
