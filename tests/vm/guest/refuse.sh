#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# refuse.sh REASON-REGEX   (root, module not loaded)
#
# Outside VMware the module refuses to load: insmod (one finit_module())
# fails with ENODEV, nothing is left behind, and vmw_rpc logs exactly one
# line, which matches REASON-REGEX (the kernel's own module-loader lines
# about taint and signatures are not vmw_rpc's).
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
reason=$1

diag "DMI: $(cat /sys/class/dmi/id/sys_vendor 2>&1) / $(cat /sys/class/dmi/id/product_serial 2>&1)"
diag "CPUID hypervisor bit: $(grep -c '^flags.* hypervisor' /proc/cpuinfo)"
dmesg -c >/dev/null
out=$(vmw-insmod /lib/vmw_rpc/vmw_rpc.ko 2>&1)
rc=$?
is "$rc" 1 "insmod vmw_rpc.ko fails"
like "$out" 'No such device \(errno 19\)' "insmod fails with ENODEV"
! grep -q '^vmw_rpc ' /proc/modules
ok $? "vmw_rpc is not loaded"
[ ! -e /dev/vmw_rpc ]
ok $? "no /dev/vmw_rpc"
lines=$(dmesg | grep 'vmw_rpc' |
	grep -v -e 'loading out-of-tree module taints kernel' \
		-e 'module verification failed')
is "$(printf '%s\n' "$lines" | grep -c .)" 1 "vmw_rpc logs exactly one line"
like "$lines" "vmw_rpc: not loading: $reason" "the line says why: $reason"

# A second attempt behaves the same (no state left from the first).
dmesg -c >/dev/null
out=$(vmw-insmod /lib/vmw_rpc/vmw_rpc.ko 2>&1)
like "$out" 'No such device' "a second insmod fails with ENODEV too"
is "$(dmesg | grep -c 'vmw_rpc: not loading')" 1 "and logs one line again"
tap_exit
