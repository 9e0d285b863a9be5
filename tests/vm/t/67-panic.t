#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The panic report (driver/panic.c, module parameter panic_log_bytes):
# the guest writes a marker to its kernel log and crashes (sysrq c); the
# simulated host copies every line of its log ("log" commands) to QEMU's
# debug console, whose file outlives the guest (tests/vm/run --debugcon).
# With panic_log_bytes the host has the marker, the crash and the panic
# lines, each with the report's prefix; without it the host has nothing.
# The guest has two CPUs (the panic stops the other one before the dump),
# and its console after the panic line must show no complaint from the
# kernel about the dump (sleeping where it may not, a lock, a WARN).
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# The prefix and the tail's size as the driver has them (vmw_rpc.h).
prefix=$(sed -n 's/^#define[[:space:]]*VMW_PANIC_PREFIX[[:space:]]*"\(.*\)"$/\1/p' \
	"$tap_top/driver/vmw_rpc.h")
tap_ok "$([ -n "$prefix" ] && echo 0 || echo 1)" "the prefix VMW_PANIC_PREFIX is in driver/vmw_rpc.h"
bytes_max=8192

panic_line='Kernel panic - not syncing: sysrq triggered crash'
# What the kernel says when the dump misbehaves: a sleep or a lock where
# none may be taken, lockdep, a WARN or a BUG, a stall.
complaints='sleeping function called from invalid context|scheduling while atomic|BUG:|WARNING:|possible recursive locking|inconsistent lock state|circular locking|lockdep|soft lockup|hard LOCKUP|rcu_sched self-detected stall'

# crash NAME MODPARAM: boot, crash; sets $host (the host's log lines).
crash() {
	local name=$1 modparam=$2 out con rc=0 after
	out=$(mktemp) con=$(mktemp) host=$(mktemp)
	"$tap_top/tests/vm/run" --sim --smp 2 --modparam "$modparam" --timeout 180 \
		--console "$con" --debugcon "$host" --expect-panic \
		-- exec /tests/panic.sh "vmw-panic-marker-$name" >"$out" 2>&1 </dev/null || rc=$?
	tap_ok "$rc" "$name: the guest panicked (got $rc)"
	if [ "$rc" != 0 ]; then
		tap_diag <"$out"
		tail -n 30 "$con" | tap_diag
	fi
	# The console from the panic line on: the dump runs there.
	after=$(sed -n "/$panic_line/,\$p" "$con" | tr -d '\r')
	tap_ok "$([ -n "$after" ] && echo 0 || echo 1)" "$name: the console has the panic line"
	tap_is "$(printf '%s\n' "$after" | grep -Ec "$complaints" || true)" 0 \
		"$name: no complaint from the kernel after the panic line"
	printf '%s\n' "$after" | grep -E "$complaints" | tap_diag || true
	rm -f "$out" "$con"
}

crash on "panic_log_bytes=$bytes_max"
tap_is "$(grep -c "^$prefix.*vmw-panic-marker-on\$" "$host" || true)" 1 \
	"on: the host's log has the marker written before the crash"
tap_is "$(grep -c "^$prefix.*sysrq: Trigger a crash\$" "$host" || true)" 1 \
	"on: the host's log has the crash"
tap_is "$(grep -c "^$prefix.*$panic_line\$" "$host" || true)" 1 \
	"on: the host's log has the panic line"
tap_is "$(grep -vc "^$prefix" "$host" || true)" 0 \
	"on: every line in the host's log has the prefix '$prefix'"
bytes=$(sed "s/^$prefix//" "$host" | wc -c)
tap_ok "$([ "$bytes" -le "$bytes_max" ] && echo 0 || echo 1)" \
	"on: the host has at most panic_log_bytes=$bytes_max of the log ($bytes bytes)"
[ "$(grep -c "vmw-panic-marker-on" "$host" || true)" = 1 ] || sed -n 1,40p "$host" | tap_diag
rm -f "$host"

crash off ""
tap_is "$(wc -c <"$host")" 0 "off: without panic_log_bytes the host's log is empty"
rm -f "$host"
tap_done
