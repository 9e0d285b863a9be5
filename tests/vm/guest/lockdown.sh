#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lockdown.sh   (root, module loaded, then lockdown=integrity set)
#
# A raw backdoor call can hand guest physical addresses to the
# hypervisor: under kernel lockdown it is refused even for root (EPERM);
# everything else keeps working.
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
tap_exit
