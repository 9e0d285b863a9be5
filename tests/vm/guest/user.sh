#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# user.sh   (uid 1000 in group vmwrpc, no capabilities; module loaded)
#
# The udev rule's group lets the user open the device and ask INFO; raw
# backdoor calls need CAP_SYS_RAWIO: EPERM.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

like "$(id)" '^uid=1000\(user\) .*groups=.*990\(vmwrpc\)' "running as uid 1000, in group vmwrpc"
grep -q '^CapEff:[[:space:]]*0000000000000000$' /proc/self/status
ok $? "no effective capabilities"
out=$(vmw-info 2>&1)
ok $? "the user can open /dev/vmw_rpc and ask VMW_RPC_IOC_INFO"
like "$out" '^bdoor_version=6$' "INFO as the user: bdoor_version 6"
out=$(vmw-raw 10 0 0xa9b2a797 2>&1)
is "$?" 3 "a raw GETVERSION as the user fails in the ioctl"
like "$out" 'ioctl: EPERM' "the raw call is refused with EPERM"
out=$(vmw-raw 20 2>&1)
like "$out" 'ioctl: EPERM' "a raw GETMEMSIZE as the user: EPERM"
vmw-info >/dev/null 2>&1
ok $? "the device still works for the user after the refusals"

if command -v vmw-rpc >/dev/null; then
	out=$(vmw-rpc info 2>&1)
	ok $? "vmw-rpc info works as the user"
	like "$out" '^backdoor_version: 6$' "vmw-rpc info as the user: backdoor_version: 6"
	out=$(vmw-rpc backdoor getversion 2>&1)
	rc=$?
	[ $rc -ne 0 ]
	ok $? "vmw-rpc backdoor getversion fails as the user (exit $rc)"
	diag "it said: $out"
else
	skip "vmw-rpc info as the user" "build/userspace/bin/vmw-rpc is not built yet"
	skip "vmw-rpc backdoor as the user" "build/userspace/bin/vmw-rpc is not built yet"
fi
tap_exit
