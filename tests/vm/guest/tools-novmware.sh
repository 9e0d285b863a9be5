#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools-novmware.sh   (root, --no-vmware --no-load guest; 60-tools.t
#                      stages the production vmw_rpc.ko under /opt/vmw-modules)
#
# On a machine that is not VMware (QEMU's own DMI, no CPUID hypervisor
# bit) the library says so, whether the module is installed or not; a
# root caller's vmw-rpc and vmw-rpctool, which load a missing module on
# VMware, do not even try here (vmwrpc_platform_is_vmware() says 0).
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
# shellcheck source=tests/vm/guest/tools-lib.sh
. /tests/tools-lib.sh

kver=$(uname -r)
run vmw-rpc status
like "$(cat "$T/out")" '^platform: not VMware' "status: the platform is not VMware"
is "$rc" 2 "status exits 2"

# Installing the module would not help here: the platform comes first.
m='this machine is not a VMware virtual machine'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "not installed, not VMware: 'not a VMware virtual machine', exit 2" vmw-rpc info

mkdir -p /lib/modules && cp -a "/opt/vmw-modules/lib/modules/$kver" /lib/modules/
ok $? "installed vmw_rpc.ko under /lib/modules/$kver"
m='this machine is not a VMware virtual machine'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "installed, not VMware: vmw-rpc info exits 2 with the one line" vmw-rpc info
fails 1 "^vmw-rpctool: /dev/vmw_rpc: $m\$" "installed, not VMware: vmw-rpctool exits 1" \
	vmw-rpctool 'info-get guestinfo.x'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "--load off VMware: exit 2 with the one line" \
	vmw-rpc --load info
grep -q '^vmw_rpc ' /proc/modules
ok $((! $?)) "the module is not loaded"
dmesg | grep -q 'vmw_rpc: not loading'
ok $((! $?)) "root's calls did not try to load it off VMware (no 'vmw_rpc: not loading' in the kernel log)"
run vmw-rpc status
like "$(cat "$T/out")" '^module: installed, not loaded' "status: installed, not loaded"
rm -rf "$T"
dmesg_clean "kernel log"
tap_exit
