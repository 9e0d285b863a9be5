#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# nogroup.sh   (uid 1001, not in group vmwrpc; module loaded)
#
# Without the udev rule's group the device does not even open: EACCES.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

id=$(id)
like "$id" '^uid=1001\(nogroup\)' "running as uid 1001"
case "$id" in *vmwrpc*) r=1 ;; *) r=0 ;; esac
ok $r "not in group vmwrpc"
out=$(vmw-info 2>&1)
is "$?" 2 "opening /dev/vmw_rpc fails"
like "$out" 'open: EACCES' "with EACCES"
if command -v vmw-rpc >/dev/null; then
	out=$(vmw-rpc info 2>&1)
	rc=$?
	[ $rc -ne 0 ]
	ok $? "vmw-rpc info fails without the group (exit $rc)"
	diag "it said: $out"
else
	skip "vmw-rpc info without the group" "build/userspace/bin/vmw-rpc is not built yet"
fi
tap_exit
