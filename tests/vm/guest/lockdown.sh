#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lockdown.sh   (root, module loaded, then lockdown=integrity set)
#
# A raw backdoor call can hand guest physical addresses to the
# hypervisor: under kernel lockdown it is refused even for root (EPERM);
# everything else keeps working. When the host has a message channel
# (asked with vmw-hostcaps; the simulated host of --sim has one, QEMU's
# vmport none), also the channel: guestinfo reads for root and for an
# unprivileged user, one-shot and on a channel, and TCLO for root.
# (debugfs is locked down too, so the value is set through RPCI by root.)
# Without one, opens and calls fail cleanly with ECONNREFUSED.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

like "$(cat /sys/kernel/security/lockdown)" '\[integrity\]' "the kernel is locked down (integrity)"
vmw-raw 20 >/dev/null 2>&1
is "$?" 3 "a raw GETMEMSIZE as root fails in the ioctl"
like "$(vmw-raw 10 0 0xa9b2a797 2>&1)" 'ioctl: EPERM' "a raw call as root under lockdown: EPERM"
like "$(vmw-info 2>&1)" '^bdoor_version=6$' "INFO still works under lockdown"
if command -v vmw-rpc >/dev/null; then
	out=$(vmw-rpc backdoor getversion 2>&1)
	rc=$?
	[ $rc -ne 0 ]
	ok $? "vmw-rpc backdoor getversion fails under lockdown (exit $rc)"
	diag "it said: $out"
else
	skip "vmw-rpc backdoor under lockdown" "build/userspace/bin/vmw-rpc is not built yet"
fi

# The message channel under lockdown, if the host has one: ask it. Raw
# calls are refused now, so vmw-hostcaps asks the driver (a channel open).
is "$(hostcap probe)" driver "vmw-hostcaps asks the driver under lockdown (raw calls are EPERM)"
mc=$(hostcap message_channel)
like "$mc" '^(yes|no)$' "vmw-hostcaps: does the host have a message channel? ($mc)"
if [ "$mc" != yes ]; then
	# QEMU: the channel's clean failure, the same under lockdown.
	is "$(vmw-chan call 'info-get guestinfo.k')" "call: ECONNREFUSED" \
		"no message channel: a one-shot call is ECONNREFUSED under lockdown"
	is "$(vmw-chan open rpci)" "open: ECONNREFUSED" \
		"no message channel: a channel open is ECONNREFUSED under lockdown"
	skip "guestinfo under lockdown" "the host has no message channel (QEMU's vmport); 40-lockdown.t runs this with --sim too"
	tap_exit
fi
raw0=$(cat /sys/class/misc/vmw_rpc/refused_raw)
like "$(as_user vmw-raw 10 0 0xa9b2a797 2>&1)" 'ioctl: EPERM' "a raw call as the user under lockdown: EPERM"
vmw-raw 10 0 0xa9b2a797 >/dev/null 2>&1
is "$(cat /sys/class/misc/vmw_rpc/refused_raw)" $((raw0 + 2)) "refused_raw counted it and one more of root's"
is "$(vmw-chan call 'info-set guestinfo.k locked')" "call: 1 " "root: info-set works under lockdown"
is "$(vmw-chan call 'info-get guestinfo.k')" "call: 1 locked" "root: one-shot info-get works under lockdown"
is "$(as_user vmw-chan call 'info-get guestinfo.k')" "call: 1 locked" "user: one-shot info-get works under lockdown"
is "$(as_user vmw-chan open rpci send 'info-get guestinfo.k' recv | tail -n 1)" "recv: 1 locked" \
	"user: info-get on a channel works under lockdown"
is "$(as_user vmw-chan call 'info-set guestinfo.k x')" "call: EACCES" "user: info-set is still EACCES"
if command -v vmw-rpc >/dev/null; then
	is "$(as_user vmw-rpc guestinfo get k)" "locked" "user: vmw-rpc guestinfo get works under lockdown"
fi
is "$(vmw-chan open tclo close | tr '\n' '|')" "open: ok|close: ok|" "root: a TCLO channel opens under lockdown"
tap_exit
