# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers for guest scripts (busybox sh). TAP comes from the one shell
# helper, tests/lib/tap.sh (at /tests/lib/tap.sh in the guest), without
# numbers ("ok - ...", "not ok - ...", "ok - ... # SKIP why"): the host
# side (tests/vm/lib/tap.sh) numbers the lines and adds the plan.

tap_numbered=0
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# The guest scripts' short names for the helper's functions.
ok() { tap_ok "$@"; }
is() { tap_is "$@"; }
like() { tap_like "$@"; }
skip() { tap_skip "$@"; }
diag() { tap_diag "$@"; }

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
	bad=$(dmesg | grep -E "$tap_klog_re" || true)
	if [ -z "$bad" ]; then
		tap_ok 0 "${1:-kernel log}: no oops, BUG, WARNING or lockdep report"
	else
		tap_ok 1 "${1:-kernel log}: no oops, BUG, WARNING or lockdep report"
		dmesg | tail -n 60 | sed 's/^/#   /'
	fi
}

# modparam NAME: the loaded vmw_rpc's module parameter NAME.
modparam() {
	cat "/sys/module/vmw_rpc/parameters/$1"
}

# param_default NAME, param_ceiling NAME: the default and the ceiling of
# vmw_rpc's parameter NAME as the module says them (its parameter
# descriptions, "(default D, at most C)" or '(default "TEXT")', from their
# one definition in driver/). Empty when the description has none. Use
# these, not literals.
param_desc() {
	tr '\0' '\n' </lib/vmw_rpc/vmw_rpc.ko | sed -n "s/^parm=$1://p"
}

param_default() {
	param_desc "$1" | sed -n 's/.*(default "\([^"]*\)").*/\1/p; t; s/.*(default \([0-9]*\).*/\1/p'
}

param_ceiling() {
	param_desc "$1" | sed -n 's/.*at most \([0-9]*\)).*/\1/p'
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

# until_ok TRIES COMMAND...: run COMMAND every 0.1 s until it succeeds, at
# most TRIES times.
until_ok() {
	u_n=$1
	shift
	while [ "$u_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		u_n=$((u_n - 1))
	done
	return 1
}

# tclo_open: the simulated host has a TCLO channel open (the tools
# service's, in the toolsvc scripts).
tclo_open() { vmw-simctl channels | grep -c 'proto=tclo' >/dev/null; }

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

# The script's end: its status is 0 when nothing failed.
tap_exit() {
	tap_done
	exit
}
