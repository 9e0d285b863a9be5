#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# panic.sh MARKER   (root, --sim, run by tests/vm/t/67-panic.t with
# tests/vm/run --debugcon FILE --expect-panic)
#
# Has the simulated host copy its log to QEMU's debug console, writes
# MARKER to the kernel log, and crashes the kernel (sysrq c): with
# panic_log_bytes set, the panic report sends the log's tail to the host,
# which the host-side test then reads from the debug console's file. It
# never returns; if the crash does not come, it says so and exits 1.
set -eu
vmw-simctl debugcon 1
echo "$1" >/dev/kmsg
echo c >/proc/sysrq-trigger
echo "panic.sh: the kernel did not panic"
exit 1
