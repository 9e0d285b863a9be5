#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools-novmware.sh   (root, --no-vmware --no-load guest; 60-tools.t
#                      stages the production vmw_rpc.ko under /opt/vmw-modules)
#
# On a machine that is not VMware (QEMU's own DMI, no CPUID hypervisor
# bit) the library says so, whether the module is installed or not; a
# root caller's vmw-rpc and vmw-rpctool, which load a missing module on
# VMware, do not even try here (vmwrpc_platform_is_vmware() says 0), and
# vmw-rpctool answers as vmware-rpctool does off VMware.
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
# vmw-rpctool says what vmware-rpctool (open-vm-tools 11.2+) says off
# VMware, ARGV0 as invoked, whatever the arguments, and exits 255
# (vmw-rpctool(1), OUTSIDE VMWARE).
nv='must be run inside a virtual machine on a VMware hypervisor product\.$'
bin=$(command -v vmw-rpctool)
fails 255 "^Error: vmw-rpctool $nv" "not VMware: vmw-rpctool COMMAND exits 255 with vmware-rpctool's line" \
	vmw-rpctool 'info-get guestinfo.x'
fails 255 "^Error: vmw-rpctool $nv" "not VMware: vmw-rpctool without argument: the same" vmw-rpctool
fails 255 "^Error: vmw-rpctool $nv" "not VMware: vmw-rpctool -h: the same" vmw-rpctool -h
ln -s vmw-rpctool "${bin%/*}/vmware-rpctool"
fails 255 "^Error: ${bin%/*}/vmware-rpctool $nv" "not VMware: through the link by its path: ARGV0 as invoked" \
	"${bin%/*}/vmware-rpctool" 'info-get guestinfo.x'
rm -f "${bin%/*}/vmware-rpctool"
run vmw-rpctool --version
is "$rc" 0 "not VMware: vmw-rpctool --version (its own option) still works"
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
