# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# TAP helpers for guest scripts (busybox sh). Lines carry no numbers
# ("ok - ...", "not ok - ...", "ok - ... # SKIP why"); the host side
# (tests/vm/lib/tap.sh) numbers them and adds the plan.

tap_failed=0

# ok STATUS DESCRIPTION: STATUS 0 is a pass.
ok() {
	if [ "$1" -eq 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2"
		tap_failed=1
	fi
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		echo "ok - $3"
	else
		echo "not ok - $3"
		echo "#   got:      '$1'"
		echo "#   expected: '$2'"
		tap_failed=1
	fi
}

# like GOT EXTENDED-REGEX DESCRIPTION
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "ok - $3"
	else
		echo "not ok - $3"
		printf '%s\n' "$1" | sed 's/^/#   got: /'
		echo "#   expected to match: $2"
		tap_failed=1
	fi
}

skip() {
	echo "ok - $1 # SKIP $2"
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# reg NAME "eax=0x... ebx=0x..." -> the value of NAME
reg() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

# hostcap NAME [vmw-hostcaps OPTIONS]: the host's answer for NAME
# (message_channel, high_bandwidth: yes, no or unknown; probe: raw or
# driver), asked by vmw-hostcaps (tests/vm/progs). Empty when the probe
# failed. Ask this instead of assuming what the hypervisor lacks.
hostcap() {
	h_name=$1
	shift
	vmw-hostcaps "$@" 2>/dev/null | sed -n "s/^$h_name=//p"
}

# The kernel log has no oops, BUG, WARNING or lockdep report.
dmesg_clean() {
	bad=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection fault|Call Trace:|kernel BUG|possible circular locking|INFO: task .* blocked' || true)
	if [ -z "$bad" ]; then
		echo "ok - ${1:-kernel log}: no oops, BUG, WARNING or lockdep report"
	else
		echo "not ok - ${1:-kernel log}: no oops, BUG, WARNING or lockdep report"
		dmesg | tail -n 60 | sed 's/^/#   /'
		tap_failed=1
	fi
}

# Run a command as uid 1000 ("user", in vmwrpc, gid 990), and as uid
# 1002, a second member of vmwrpc: no capabilities.
as_user() {
	vmw-runas 1000 1000 1000,990 "$@"
}

as_user2() {
	vmw-runas 1002 1002 990 "$@"
}

# refused KIND: the driver's refused_KIND counter.
refused() {
	cat "/sys/class/misc/vmw_rpc/refused_$1"
}

# Channels open on the simulated host (--sim).
chans() {
	vmw-simctl nr_channels
}

# wait_lines FILE REGEX N: wait up to 20 s for FILE to hold N lines
# matching REGEX (the output of a command running in the background).
wait_lines() {
	i=0
	while [ $i -lt 1000 ]; do
		c=$(grep -Ec -- "$2" "$1" 2>/dev/null)
		[ "${c:-0}" -lt "$3" ] || break
		usleep 20000
		i=$((i + 1))
	done
}

tap_exit() {
	exit "$tap_failed"
}
